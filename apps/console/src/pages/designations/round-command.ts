import { useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '../../api/client.ts';
import {
  useCommand,
  type CommandAnswer,
  type CommandError,
  type IdempotencyHeaders,
} from '../../components/use-command.ts';

export type { CommandError } from '../../components/use-command.ts';

type Outcome = Schemas['DesignationCommandResponseDto'];

/** What a form sends: the typed api call, given the headers to send along (the Idempotency-Key). */
export type Send = (init: { headers: IdempotencyHeaders }) => Promise<CommandAnswer<Outcome>>;

/** One command of the round (`useCommand`), and the round read again after it. */
export function useRoundCommand(fiscalYear: number) {
  const queryClient = useQueryClient();
  const command = useCommand<Send, Outcome>((send, headers) => send({ headers }), {
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['designation-round', fiscalYear] }),
  });
  return {
    ...command,
    submit: (send: Send, onSuccess?: (result: Outcome) => void) => command.submit(send, { onSuccess }),
  };
}

/** The reason the api gave for `field` (a 400's errors[] or a domain refusal naming it). */
export function fieldError(error: CommandError | null, field: string): string | undefined {
  if (error === null) return undefined;
  const listed = error.errors?.find((e) => e.field === field);
  if (listed) return listed.reason;
  return error.field === field ? error.message : undefined;
}
