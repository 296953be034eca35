import { categoryOf, type EventStore, type GlobalPosition } from '#event-store';
import { toDomainEvent } from '#platform';
import type { AnyAggregate } from './aggregate.ts';
import type { AggregateRegistry } from './command-gateway.ts';

export interface RetagResult {
  /** Events read (the whole log). */
  readonly events: number;
  /** Events given at least one tag (already present tags are kept, never doubled). */
  readonly tagged: number;
  readonly throughPosition: GlobalPosition;
}

/**
 * Tags every event of the log as the aggregates tag them now (EVENT_TAGS), folding each stream as the
 * gateway does so that a tag read from the state after an event (a due date) is the same. For a log
 * written before the tags existed, or after EVENT_TAGS_VERSION changed: `npm run cli -- events retag`.
 * Reads the whole log once (an operation, never on a command's way); idempotent, so a second run or one
 * racing new appends (which the gateway tags itself) changes nothing.
 */
export async function retagEvents(
  store: EventStore,
  aggregates: AggregateRegistry,
  onProgress?: (result: RetagResult) => void,
): Promise<RetagResult> {
  const byCategory = new Map<string, AnyAggregate>();
  for (const [name, aggregate] of Object.entries(aggregates)) {
    if (!aggregate.tagsOf) continue;
    if (!aggregate.category) throw new Error(`aggregate ${name} tags its events but names no category`);
    byCategory.set(aggregate.category, aggregate);
  }
  const states = new Map<string, unknown>();
  let events = 0;
  let tagged = 0;
  let after: GlobalPosition = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 10_000, consistency: 'committed' });
    if (page.length === 0) return { events, tagged, throughPosition: after };
    const entries: { position: GlobalPosition; tags: readonly string[] }[] = [];
    for (const recorded of page) {
      events += 1;
      after = recorded.position;
      const aggregate = byCategory.get(categoryOf(recorded.streamId));
      if (!aggregate?.tagsOf) continue;
      const event = toDomainEvent(recorded, aggregate.upcasters);
      const state = aggregate.decider.evolve(
        states.has(recorded.streamId) ? states.get(recorded.streamId) : aggregate.decider.initialState,
        event,
      );
      states.set(recorded.streamId, state);
      const tags = aggregate.tagsOf(event, state);
      if (tags.length > 0) entries.push({ position: recorded.position, tags });
    }
    if (entries.length > 0) await store.tagEvents(entries);
    tagged += entries.length;
    onProgress?.({ events, tagged, throughPosition: after });
  }
}
