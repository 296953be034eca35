import type { RecordedEvent } from '../port/event-envelope.ts';

/**
 * What an auditor narrows a history to: one stream, a category or the whole log, then a time window
 * (recorded-at, inclusive from, exclusive to), an actor, and event types.
 */
export interface HistoryFilter {
  readonly streamId?: string;
  readonly category?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly actorId?: string;
  readonly eventTypes?: readonly string[];
}

export function matchesHistoryFilter(event: RecordedEvent, filter: HistoryFilter): boolean {
  const at = event.recordedAt.getTime();
  return (
    (filter.from === undefined || at >= filter.from.getTime()) &&
    (filter.to === undefined || at < filter.to.getTime()) &&
    (filter.actorId === undefined || event.metadata.actorId === filter.actorId) &&
    (filter.eventTypes === undefined ||
      filter.eventTypes.length === 0 ||
      filter.eventTypes.includes(event.type))
  );
}
