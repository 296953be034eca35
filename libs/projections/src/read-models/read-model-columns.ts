import type { GlobalPosition, RecordedEvent } from '#event-store';
import type { DomainEvent } from '#domain';
import { toDomainEvent } from '#platform';
import type { ValueTransformer } from 'typeorm';

/**
 * Column conventions of the read models: integer yen in `bigint` (node-postgres returns strings; yen
 * stay below 2^53, so numbers), global positions in `numeric(40,0)` (bigint in TypeScript).
 */
export const YEN: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export const POSITION: ValueTransformer = {
  to: (value: GlobalPosition | undefined) => (value === undefined ? undefined : value.toString()),
  from: (value: string) => BigInt(value),
};

/** `date` columns as the Tokyo calendar dates of the events ("YYYY-MM-DD"), never JavaScript Dates. */
export const CALENDAR_DATE: ValueTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | Date | null) => {
    if (value === null || typeof value === 'string') return value;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  },
};

/**
 * The guard that makes every projector idempotent under replay: each row keeps the position of the
 * last event that changed it, and an event at or below that position has already been applied.
 */
export function alreadyApplied(
  row: { readonly position: GlobalPosition } | null | undefined,
  event: RecordedEvent,
): boolean {
  return row !== null && row !== undefined && row.position >= event.position;
}

/** The part of a stream id before the first hyphen (`application-2016-1` → `application`). */
export function categoryOf(streamId: string): string {
  const hyphen = streamId.indexOf('-');
  return hyphen < 0 ? streamId : streamId.slice(0, hyphen);
}

/**
 * The event as its domain type when it comes from a stream of `category` and the guard accepts it;
 * undefined otherwise (the same type names may be used by other categories' streams).
 */
export function domainEventIn<Event extends DomainEvent>(
  recorded: RecordedEvent,
  category: string,
  guard: (event: DomainEvent) => event is Event,
): Event | undefined {
  if (categoryOf(recorded.streamId) !== category) return undefined;
  const event = toDomainEvent<DomainEvent>(recorded);
  return guard(event) ? event : undefined;
}
