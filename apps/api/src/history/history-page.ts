import { matchesHistoryFilter, type EventStore, type HistoryFilter, type RecordedEvent } from '#event-store';

/** A filtered page examines at most this many events, so a rare match never holds a request for long. */
export const SCAN_BUDGET = 10_000;
const STORE_PAGE = 1_000;

export interface HistoryPage {
  readonly events: RecordedEvent[];
  /** Revision (one stream) or global position (category, whole log) of the last event examined; null at the end. */
  readonly nextCursor: string | null;
}

export interface HistoryPageOptions {
  /** Exclusive: a revision for a stream, a global position otherwise (decimal). */
  readonly cursor?: string;
  readonly limit: number;
  /** Events the caller may not see at all (beyond the filter). */
  readonly hidden?: (event: RecordedEvent) => boolean;
}

/**
 * One page of a stream, a category or the whole log, oldest first, after `cursor`. The cursor is that of
 * the last event examined, not only of the last one returned, so that filtered pages resume where the
 * scan stopped and every event is returned exactly once across pages.
 */
export async function readHistoryPage(
  store: EventStore,
  filter: HistoryFilter,
  options: HistoryPageOptions,
): Promise<HistoryPage> {
  const { limit, hidden } = options;
  const filtered =
    hidden !== undefined ||
    filter.from !== undefined ||
    filter.to !== undefined ||
    filter.actorId !== undefined ||
    (filter.eventTypes?.length ?? 0) > 0;
  const pageSize = filtered ? STORE_PAGE : limit;
  const events: RecordedEvent[] = [];
  let after = options.cursor === undefined ? undefined : BigInt(options.cursor);
  for (let scanned = 0; scanned < SCAN_BUDGET;) {
    const page = await readAfter(store, filter, after, pageSize);
    for (const [i, event] of page.entries()) {
      after = filter.streamId === undefined ? event.position : BigInt(event.revision);
      if (!matchesHistoryFilter(event, filter) || hidden?.(event)) continue;
      events.push(event);
      const atEnd = page.length < pageSize && i === page.length - 1;
      if (events.length === limit) return { events, nextCursor: atEnd ? null : after.toString() };
    }
    if (page.length < pageSize) return { events, nextCursor: null };
    scanned += page.length;
  }
  return { events, nextCursor: after!.toString() };
}

function readAfter(
  store: EventStore,
  filter: HistoryFilter,
  after: bigint | undefined,
  maxCount: number,
): Promise<RecordedEvent[]> {
  if (filter.streamId !== undefined) {
    const fromRevision = after === undefined ? 0 : Number(after) + 1;
    return store.readStream(filter.streamId, { fromRevision, maxCount });
  }
  const options = { after: after ?? 0n, maxCount };
  return filter.category === undefined
    ? store.readAll(options)
    : store.readCategory(filter.category, options);
}
