import { EVENT_STORE_LIMITS, type EventStore, type GlobalPosition, type RecordedEvent } from '#event-store';

/** A point in the log's past: every event recorded at or before an instant, or at or before a position. */
export type AsOf = { readonly at: Date } | { readonly position: GlobalPosition };

/** Does the event belong to the log as it stood at `asOf`? */
export function isWithin(asOf: AsOf, event: RecordedEvent): boolean {
  return 'at' in asOf ? event.recordedAt.getTime() <= asOf.at.getTime() : event.position <= asOf.position;
}

/** Where a replay stopped: the last event it folded (that mattered to the state). */
export interface ReplayedUpTo {
  readonly position: string;
  readonly recordedAt: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
}

/**
 * A state replayed from the log up to a point:
 * - `found`: the state, and the last event folded into it;
 * - `not-yet`: it exists in the log, but only after that point (its first event is named);
 * - `missing`: nothing in the log, at any time.
 */
export type AsOfOutcome<State> =
  | { readonly kind: 'found'; readonly state: State; readonly upTo: ReplayedUpTo }
  | { readonly kind: 'not-yet'; readonly firstEvent: ReplayedUpTo }
  | { readonly kind: 'missing' };

export function replayedUpTo(event: RecordedEvent): ReplayedUpTo {
  return {
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
  };
}

/**
 * Folds recorded events (in log order) with `evolve`, keeping only those within `asOf`. An event counts
 * as relevant when `evolve` returns a new state (evolve functions return the same object for events
 * that do not concern them): the first relevant event tells "not yet" from "missing".
 */
export function foldAsOf<State>(
  events: Iterable<RecordedEvent>,
  initial: State,
  evolve: (state: State, event: RecordedEvent) => State,
  asOf: AsOf,
): AsOfOutcome<State> {
  let state = initial;
  let first: RecordedEvent | undefined;
  let last: RecordedEvent | undefined;
  for (const event of events) {
    if (!isWithin(asOf, event)) {
      if (first === undefined && evolve(state, event) !== state) first = event;
      continue;
    }
    const next = evolve(state, event);
    if (next === state) continue;
    state = next;
    first ??= event;
    last = event;
  }
  if (last !== undefined) return { kind: 'found', state, upTo: replayedUpTo(last) };
  return first === undefined ? { kind: 'missing' } : { kind: 'not-yet', firstEvent: replayedUpTo(first) };
}

/** The whole stream, page by page (at most 10,000 events per read). */
export async function readWholeStream(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  const maxCount = EVENT_STORE_LIMITS.maxReadCount;
  const events: RecordedEvent[] = [];
  for (let fromRevision = 0; ; fromRevision += maxCount) {
    const page = await store.readStream(streamId, { fromRevision, maxCount });
    events.push(...page);
    if (page.length < maxCount) return events;
  }
}
