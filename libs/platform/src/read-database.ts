import pg from 'pg';
import { migrateEventStore } from '#event-store';
import { eventStoreUrl, type RuntimeConfig } from './config.ts';

/**
 * The pool for read models and checkpoints (always PostgreSQL, whichever event store is used).
 * connectionTimeoutMillis bounds a connect to a dead server, which pg otherwise waits on forever.
 */
export function openReadDatabase(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 2000 });
  pool.on('error', () => undefined); // an idle client's broken connection is replaced on next use
  return pool;
}

/**
 * The read database with the event store's PostgreSQL tables it holds whatever the store (subscription
 * and signed log checkpoints: schemas event_store and audit), migrated by their one runner. A
 * PostgreSQL event store is this database and migrated it when it opened; beside KurrentDB it is
 * migrated here (its event_store.events stays empty). The read models' own schema is TypeORM's
 * (ProjectionsModule).
 */
export async function openMigratedReadDatabase(config: RuntimeConfig, max = 10): Promise<pg.Pool> {
  const pool = openReadDatabase(config.databaseUrl, max);
  if (eventStoreUrl(config) !== config.databaseUrl) {
    try {
      await migrateEventStore(pool);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }
  return pool;
}
