import type { GlobalPosition, RecordedEvent } from '../port/event-envelope.ts';
import type { EventStore } from '../port/event-store.ts';
import { matchesHistoryFilter, type HistoryFilter } from './history-filter.ts';

const PAGE = 1_000;

/**
 * Every event of the history, oldest first, read page by page: memory stays constant however long the
 * history. A stream is read by revision; a category or the whole log by global position, after `after`.
 */
export async function* readHistory(
  store: EventStore,
  filter: HistoryFilter,
  pageSize = PAGE,
  after: GlobalPosition = 0n,
): AsyncGenerator<RecordedEvent> {
  for await (const page of historyPages(store, filter, pageSize, after)) {
    for (const event of page) if (matchesHistoryFilter(event, filter)) yield event;
  }
}

async function* historyPages(
  store: EventStore,
  filter: HistoryFilter,
  pageSize: number,
  start: GlobalPosition,
): AsyncGenerator<RecordedEvent[]> {
  if (filter.streamId !== undefined) {
    for (let from = 0; ;) {
      const page = await store.readStream(filter.streamId, { fromRevision: from, maxCount: pageSize });
      yield page;
      if (page.length < pageSize) return;
      from = page.at(-1)!.revision + 1;
    }
  }
  for (let after = start; ;) {
    const options = { after, maxCount: pageSize };
    const page =
      filter.category === undefined
        ? await store.readAll(options)
        : await store.readCategory(filter.category, options);
    yield page;
    if (page.length < pageSize) return;
    after = page.at(-1)!.position;
  }
}
