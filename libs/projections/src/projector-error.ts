import type { RecordedEvent } from '#event-store';

/** A projector refused an event: names the projection and the event, keeps the cause. */
export class ProjectorError extends Error {
  readonly position: bigint;
  readonly eventId: string;
  readonly eventType: string;

  constructor(projection: string, event: RecordedEvent, cause: unknown) {
    super(
      `Projection "${projection}" failed on event ${event.id} (${event.type}, stream ${event.streamId}, position ${event.position}): ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'ProjectorError';
    this.position = event.position;
    this.eventId = event.id;
    this.eventType = event.type;
  }
}
