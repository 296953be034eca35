import type { Actor } from './actor.ts';

/**
 * A request to change something, with who asks, when (from the caller's clock: the domain never reads
 * one) and, where the step needs it, why. Deciders turn it into events or refuse it with a DomainError.
 */
export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly actor: Actor;
  /** The instant the command is issued, from the injectable clock. */
  readonly at: Date;
  readonly reason?: string;
}
