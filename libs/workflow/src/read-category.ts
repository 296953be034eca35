import { EVENT_STORE_LIMITS, type EventStore, type RecordedEvent } from '#event-store';

/** Every event of a category, oldest first, page by page (the store returns at most 10,000 per call). */
export async function* readWholeCategory(store: EventStore, category: string): AsyncGenerator<RecordedEvent> {
  const maxCount = EVENT_STORE_LIMITS.maxReadCount;
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readCategory(category, { maxCount, ...(after === undefined ? {} : { after }) });
    yield* page;
    if (page.length < maxCount) return;
    after = page[page.length - 1]!.position;
  }
}
