import { EVENT_STORE_LIMITS, type EventStore, type ReadConsistency, type RecordedEvent } from '#event-store';

/**
 * Every event of a category (after the position `from` when given: the store's category index), oldest
 * first, page by page (the store returns at most 10,000 per call).
 *
 * Committed by default: the callers decide (a review's training and grant lookups, the scheduled jobs)
 * and must see every event committed now, even while an appending transaction held open elsewhere holds
 * back the stable prefix. Subscriptions and projections never come here: they follow readAll's stable
 * prefix from a checkpoint. Pass `'stable'` for the subscription-safe cut.
 */
export async function* readWholeCategory(
  store: EventStore,
  category: string,
  consistency: ReadConsistency = 'committed',
  from?: bigint,
): AsyncGenerator<RecordedEvent> {
  const maxCount = EVENT_STORE_LIMITS.maxReadCount;
  let after: bigint | undefined = from;
  for (;;) {
    const page = await store.readCategory(category, {
      maxCount,
      consistency,
      ...(after === undefined ? {} : { after }),
    });
    yield* page;
    if (page.length < maxCount) return;
    after = page[page.length - 1]!.position;
  }
}
