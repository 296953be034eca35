import { HttpStatus } from '@nestjs/common';
import { EventStoreError, type EventStoreErrorCode } from '#event-store';

/** The JSON body of every EventStoreError that reaches HTTP. */
export interface ErrorBody {
  readonly error: EventStoreErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

const STATUS_BY_CODE: Readonly<Record<EventStoreErrorCode, HttpStatus>> = {
  WRONG_EXPECTED_REVISION: HttpStatus.CONFLICT,
  IDEMPOTENCY_CONFLICT: HttpStatus.CONFLICT,
  INVALID_STREAM_ID: HttpStatus.BAD_REQUEST,
  INVALID_EXPECTED_REVISION: HttpStatus.BAD_REQUEST,
  INVALID_EVENT: HttpStatus.BAD_REQUEST,
  INVALID_READ_OPTIONS: HttpStatus.BAD_REQUEST,
  EVENT_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  BATCH_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  // Not the caller's fault: the one code that is not a 4xx.
  STORE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  // Audit tooling (keys, exports): server configuration or a file, never a request body.
  INVALID_SIGNING_KEY: HttpStatus.INTERNAL_SERVER_ERROR,
  INVALID_EXPORT: HttpStatus.BAD_REQUEST,
  // Backfilling tags (EventStore.tagEvents): maintenance tooling, not a request body.
  UNKNOWN_POSITION: HttpStatus.BAD_REQUEST,
  NOT_SUPPORTED: HttpStatus.NOT_IMPLEMENTED,
};

export function httpStatusOf(error: EventStoreError): HttpStatus {
  return STATUS_BY_CODE[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
}

/** The store's stable error codes to HTTP, so controllers never translate errors themselves. */
export function eventStoreErrorResponse(error: EventStoreError): { status: HttpStatus; body: ErrorBody } {
  return {
    status: httpStatusOf(error),
    body: { error: error.code, message: error.message, details: error.details },
  };
}
