import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { dataOf, type ApiError, type Schemas } from '../../api/client.ts';

/** A refused command: the api's error body, with the field a domain refusal names (403/409/422). */
export interface CommandError extends ApiError {
  readonly field?: string;
}

type Answer = {
  data?: Schemas['DesignationCommandResponseDto'];
  error?: unknown;
  response: Response;
};

/** What a form sends: the typed api call, given the headers to send along (the Idempotency-Key). */
export type Send = (init: { headers: Record<string, string> }) => Promise<Answer>;

function outcomeOf(answer: Answer): Schemas['DesignationCommandResponseDto'] {
  try {
    return dataOf(answer);
  } catch (error) {
    const field = (answer.error as { field?: unknown } | undefined)?.field;
    throw typeof field === 'string' ? { ...(error as ApiError), field } : error;
  }
}

/**
 * One command of the round: each submission gets an Idempotency-Key of its own, a second submission
 * while one is on its way is dropped (the button is disabled too), and the round is read again after.
 */
export function useRoundCommand(fiscalYear: number) {
  const queryClient = useQueryClient();
  const sending = useRef(false);
  const mutation = useMutation<Schemas['DesignationCommandResponseDto'], CommandError, Send>({
    mutationFn: async (send) =>
      outcomeOf(await send({ headers: { 'Idempotency-Key': crypto.randomUUID() } })),
    onSettled: async () => {
      sending.current = false;
      await queryClient.invalidateQueries({ queryKey: ['designation-round', fiscalYear] });
    },
  });
  const submit = (send: Send, onSuccess?: (result: Schemas['DesignationCommandResponseDto']) => void) => {
    if (sending.current) return;
    sending.current = true;
    mutation.mutate(send, { onSuccess });
  };
  return { ...mutation, submit };
}

/** The reason the api gave for `field` (a 400's errors[] or a domain refusal naming it). */
export function fieldError(error: CommandError | null, field: string): string | undefined {
  if (error === null) return undefined;
  const listed = error.errors?.find((e) => e.field === field);
  if (listed) return listed.reason;
  return error.field === field ? error.message : undefined;
}
