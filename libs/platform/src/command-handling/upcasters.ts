import type { RecordedEvent } from '#event-store';
import type { DomainEvent } from '#domain';

/**
 * Per event type, turns the data of any stored schema version into the current shape. The function
 * sees the stored version and returns the data unchanged when it is already current.
 */
export type Upcasters = Readonly<Record<string, (data: unknown, schemaVersion: number) => unknown>>;

/** A stored event as the domain sees it: type and (upcast) data, no envelope. */
export function toDomainEvent<Event extends DomainEvent>(
  recorded: RecordedEvent,
  upcasters: Upcasters = {},
): Event {
  const upcast = Object.hasOwn(upcasters, recorded.type) ? upcasters[recorded.type] : undefined;
  const data = upcast ? upcast(recorded.data, recorded.schemaVersion) : recorded.data;
  return { type: recorded.type, data } as Event;
}
