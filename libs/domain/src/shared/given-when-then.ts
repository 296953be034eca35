import { deepStrictEqual } from 'node:assert/strict';
import { type Decider, foldEvents } from './decider.ts';
import { DomainError, type DomainErrorCode } from './domain-error.ts';

/**
 * given(events).when(command).then(events) / .thenThrows(code), for any decider. Framework-free (it
 * asserts with node:assert, which Jest reports with a diff). Write tests with block bodies: an arrow
 * returning the result of `when` would hand Jest an object with a `then` method.
 */
export interface WhenResult<Event> {
  /** Asserts the decided events equal `expected` exactly and returns them. */
  then(expected: readonly Event[]): readonly Event[];
  /** Asserts that deciding throws a DomainError with this code and returns the error. */
  thenThrows(code: DomainErrorCode): DomainError;
  /** The decided events, for assertions on part of them. */
  events(): readonly Event[];
}

export interface Given<Command, Event> {
  when(command: Command): WhenResult<Event>;
}

export function deciderSpec<Command, State, Event>(
  decider: Decider<Command, State, Event>,
): (history?: readonly Event[]) => Given<Command, Event> {
  return (history = []) => ({
    when(command) {
      const decide = (): readonly Event[] => decider.decide(command, foldEvents(decider, history));
      return {
        then(expected) {
          const events = decide();
          deepStrictEqual(events, expected);
          return events;
        },
        thenThrows(code) {
          let events: readonly Event[];
          try {
            events = decide();
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            deepStrictEqual(error.code, code, `expected ${code}, got ${error.message}`);
            return error;
          }
          throw new Error(`expected ${code}, but the command decided ${JSON.stringify(events)}`);
        },
        events: decide,
      };
    },
  });
}
