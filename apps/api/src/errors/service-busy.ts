import { HttpStatus } from '@nestjs/common';
import type { ErrorResponse } from './error-response.ts';

/** What a 503 SERVICE_BUSY asks the caller to wait (its `Retry-After` header and `retryAfterSeconds`). */
export const SERVICE_BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * pg-pool's own errors (plain Errors, no code) when no connection came within the pool's
 * connectionTimeoutMillis: every connection busy ("timeout exceeded…"), or a new one not accepted by
 * the server in time ("Connection terminated…", pg-pool 3). TypeORM passes them on as they are.
 */
const CONNECTION_WAIT_TIMEOUTS: ReadonlySet<string> = new Set([
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
]);

/** True for a request that waited too long for a database connection, however wrapped (cause, driverError). */
export function isConnectionWaitTimeout(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (CONNECTION_WAIT_TIMEOUTS.has(current.message)) return true;
    current = (current as { driverError?: unknown }).driverError ?? current.cause;
  }
  return false;
}

/**
 * 503 SERVICE_BUSY: overload, not the caller's fault nor a bug; nothing was written (a command's append
 * either ran or the request never got a connection for it). An Idempotency-Key is not kept (a 5xx).
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
