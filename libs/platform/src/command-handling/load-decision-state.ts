import { EVENT_STORE_LIMITS, type EventStore, type GlobalPosition } from '#event-store';
import { foldEvents, type Decider, type DomainEvent } from '#domain';
import { toDomainEvent, type Upcasters } from './upcasters.ts';

/** A stream folded into a decider's state, with what an append needs to expect. */
export interface DecisionState<State> {
  readonly state: State;
  /** Revision of the stream's last event, or 'no_stream': the expected revision of the next append. */
  readonly revision: number | 'no_stream';
  /** Global position of the stream's last event (0n for no stream). */
  readonly position: GlobalPosition;
}

/**
 * Reads the stream (page by page; with `untilRevision`, only up to that revision: the state a command
 * left, whatever was written after), upcasts each event and folds it with `evolve`.
 */
export async function loadDecisionState<State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  upcasters: Upcasters = {},
  untilRevision?: number,
): Promise<DecisionState<State>> {
  let state = decider.initialState;
  let revision: number | 'no_stream' = 'no_stream';
  let position: GlobalPosition = 0n;
  for (let fromRevision = 0; ;) {
    const pageSize =
      untilRevision === undefined
        ? EVENT_STORE_LIMITS.maxReadCount
        : Math.min(EVENT_STORE_LIMITS.maxReadCount, untilRevision + 1 - fromRevision);
    if (pageSize <= 0) return { state, revision, position };
    const page = await store.readStream(streamId, { fromRevision, maxCount: pageSize });
    fromRevision += page.length;
    state = foldEvents(
      { initialState: state, evolve: decider.evolve },
      page.map((recorded) => toDomainEvent<Event>(recorded, upcasters)),
    );
    const last = page[page.length - 1];
    if (last) {
      revision = last.revision;
      position = last.position;
    }
    if (page.length < pageSize) return { state, revision, position };
  }
}
