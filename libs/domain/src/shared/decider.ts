/**
 * Every aggregate is a decider: a pure function from a command and the current state to the events
 * that record what happened, and a pure fold from events to state. Nothing else: no I/O, no clock,
 * no framework. Handlers (outside the domain) load the stream, fold it with `evolve`, call `decide`
 * and append the result with the expected revision.
 */
export interface Decider<Command, State, Event> {
  readonly initialState: State;
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
}

/** A domain event as the domain sees it: a past-tense type and its data. The store adds the envelope. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Folds events into state; what a handler does after loading a stream, and what as-of replays do. */
export function foldEvents<State, Event>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
