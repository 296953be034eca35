import { HttpStatus } from '@nestjs/common';
import type { ErrorResponse } from './error-response.ts';

/** What a 503 SERVICE_BUSY asks the caller to wait (its `Retry-After` header and `retryAfterSeconds`). */
export const SERVICE_BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * 503 SERVICE_BUSY: a connection wait timed out (isConnectionWaitTimeout): overload, neither the
 * caller's fault nor a bug, so not a 500. Like every 5xx it keeps no Idempotency-Key answer.
 */
export function serviceBusyResponse(): ErrorResponse {
  return {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    headers: { 'Retry-After': String(SERVICE_BUSY_RETRY_AFTER_SECONDS) },
    body: {
      error: 'SERVICE_BUSY',
      message: `every database connection of the api is busy: retry after ${SERVICE_BUSY_RETRY_AFTER_SECONDS} s`,
      retryAfterSeconds: SERVICE_BUSY_RETRY_AFTER_SECONDS,
    },
  };
}
