import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { useRef } from 'react';
import type { ApiError } from '../api/client.ts';

/**
 * A refused command as the api answers it (README, "Errors"): the error body whole, so a 400's `errors`,
 * a 409's `stage` and `allowedCommands` and a 422's `field`, `reason` and `expected` reach the form.
 * `status` 0: the request got no answer (the network).
 */
export interface CommandError extends ApiError {
  readonly field?: string;
  readonly reason?: string;
  readonly expected?: string;
  readonly stage?: string;
  readonly allowedCommands?: readonly string[];
}

/** The headers a command goes with (a record, as the typed client's `headers` option takes them). */
export type IdempotencyHeaders = Record<string, string> & { readonly 'Idempotency-Key': string };

/** What the typed client answers (openapi-fetch). */
export interface CommandAnswer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * A new Idempotency-Key: 128 random bits. `crypto.getRandomValues`, not `randomUUID`: an office may
 * reach the console over plain http on its intranet, where randomUUID is not offered.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

function commandErrorOf(answer: CommandAnswer<unknown>): CommandError {
  const body = (answer.error ?? {}) as Partial<CommandError>;
  return {
    ...body,
    status: answer.response.status,
    error: body.error ?? 'HTTP_ERROR',
    message: body.message ?? answer.response.statusText,
  };
}

/**
 * One way the console sends a command (README, "Console"): one request per submission, with an
 * Idempotency-Key of its own; a second submission while one is under way is dropped (and the button,
 * disabled by `isPending`, says so); a submission sent again after it got no answer (the network, or a
 * 5xx, which the api does not keep) carries the same key, so the api runs it at most once. Any answered
 * submission makes the next one new: the api keeps 4xx answers under their key.
 */
export function useCommand<TVariables, TData>(
  send: (variables: TVariables, headers: IdempotencyHeaders) => Promise<CommandAnswer<TData>>,
  options: Omit<UseMutationOptions<TData, CommandError, TVariables>, 'mutationFn'> = {},
) {
  const underWay = useRef(false);
  const unanswered = useRef<{ key: string; variables: string } | null>(null);
  const mutation = useMutation<TData, CommandError, TVariables>({
    ...options,
    mutationFn: async (variables) => {
      const written = JSON.stringify(variables) ?? '';
      const key =
        written !== '' && unanswered.current?.variables === written
          ? unanswered.current.key
          : newIdempotencyKey();
      unanswered.current = { key, variables: written };
      let answer: CommandAnswer<TData>;
      try {
        answer = await send(variables, { 'Idempotency-Key': key });
      } catch (failure) {
        throw { status: 0, error: 'NETWORK_ERROR', message: String(failure) } satisfies CommandError;
      }
      if (answer.response.status < 500) unanswered.current = null;
      if (answer.response.ok) return answer.data as TData;
      throw commandErrorOf(answer);
    },
    onSettled: (...settled) => {
      underWay.current = false;
      return options.onSettled?.(...settled);
    },
  });
  const submit = (variables: TVariables, callbacks?: Parameters<typeof mutation.mutate>[1]) => {
    if (underWay.current) return;
    underWay.current = true;
    mutation.mutate(variables, callbacks);
  };
  return { ...mutation, submit };
}
