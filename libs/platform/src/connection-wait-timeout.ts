/**
 * pg-pool's own errors (plain Errors, no code) when no connection came within the pool's
 * connectionTimeoutMillis: every connection busy ("timeout exceeded…"), or a new one not accepted by
 * the server in time ("Connection terminated…", pg-pool 3). TypeORM passes them on as they are.
 */
const CONNECTION_WAIT_TIMEOUTS: ReadonlySet<string> = new Set([
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
]);

/**
 * True for work that waited too long for a database connection, however wrapped (cause, TypeORM's
 * driverError): overload, which says nothing about the request or the event being applied.
 */
export function isConnectionWaitTimeout(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (CONNECTION_WAIT_TIMEOUTS.has(current.message)) return true;
    current = (current as { driverError?: unknown }).driverError ?? current.cause;
  }
  return false;
}
