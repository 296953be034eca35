import { isConnectionWaitTimeout } from '#platform';

/**
 * Errors that say nothing about the event being applied: the database went away, was shut down, ran
 * out of resources, aborted the transaction for a concurrency reason, or no pool connection came in time. Retried without limit (with
 * backoff) instead of counting towards parking the projection.
 */
const TRANSIENT_SQLSTATE_CLASSES = ['08', '40', '53', '57'];
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

export function isTransientDatabaseError(error: unknown): boolean {
  if (isConnectionWaitTimeout(error)) return true;
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return true;
      if (TRANSIENT_NODE_CODES.has(code)) return true;
    }
    if (
      /Connection terminated|connection (is )?closed|Client has encountered a connection error/i.test(
        current.message,
      )
    ) {
      return true;
    }
    current = (current as { driverError?: unknown }).driverError ?? current.cause;
  }
  return false;
}
