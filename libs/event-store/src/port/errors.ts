import type { ExpectedRevision } from './expected-revision.ts';

export type EventStoreErrorCode =
  | 'WRONG_EXPECTED_REVISION'
  | 'INVALID_STREAM_ID'
  | 'INVALID_EXPECTED_REVISION'
  | 'INVALID_EVENT'
  | 'EVENT_TOO_LARGE'
  | 'BATCH_TOO_LARGE'
  | 'IDEMPOTENCY_CONFLICT'
  | 'INVALID_READ_OPTIONS'
  | 'STORE_UNAVAILABLE'
  | 'INVALID_SIGNING_KEY'
  | 'INVALID_EXPORT'
  | 'UNKNOWN_POSITION'
  | 'NOT_SUPPORTED';

/** Every failure of the store carries a stable code; messages name the field, the value and the reason. */
export class EventStoreError extends Error {
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class WrongExpectedRevisionError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(
      'WRONG_EXPECTED_REVISION',
      `Stream "${streamId}": expected revision ${String(expected)}, but the stream is at ${String(actual)}`,
      { streamId, expected, actual },
    );
  }
}

export class InvalidStreamIdError extends EventStoreError {
  constructor(value: unknown, reason: string) {
    super('INVALID_STREAM_ID', `streamId ${JSON.stringify(value)}: ${reason}`, {
      field: 'streamId',
      value,
      reason,
    });
  }
}

export class InvalidEventError extends EventStoreError {
  constructor(field: string, reason: string, value?: unknown) {
    super('INVALID_EVENT', `${field}: ${reason}`, { field, reason, value });
  }
}

export class EventTooLargeError extends EventStoreError {
  constructor(field: string, bytes: number, limit: number) {
    super('EVENT_TOO_LARGE', `${field}: ${bytes} bytes exceeds the limit of ${limit} bytes per event`, {
      field,
      bytes,
      limit,
    });
  }
}

export class IdempotencyConflictError extends EventStoreError {
  constructor(streamId: string, eventId: string, reason: string) {
    super('IDEMPOTENCY_CONFLICT', `Event ${eventId} for stream "${streamId}": ${reason}`, {
      streamId,
      eventId,
      reason,
    });
  }
}
