import type { RecordedEvent } from '../port/event-envelope.ts';

/** An event as a JSON object: the position as a decimal string (it exceeds 2^53), recordedAt as ISO UTC. */
export function eventToJson(event: RecordedEvent): Record<string, unknown> {
  return { ...event, position: event.position.toString(), recordedAt: event.recordedAt.toISOString() };
}
