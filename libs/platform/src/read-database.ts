import pg from 'pg';

/**
 * The pool for read models and checkpoints (always PostgreSQL, whichever event store is used).
 * connectionTimeoutMillis bounds a connect to a dead server, which pg otherwise waits on forever.
 */
export function openReadDatabase(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 2000 });
  pool.on('error', () => undefined); // an idle client's broken connection is replaced on next use
  return pool;
}
