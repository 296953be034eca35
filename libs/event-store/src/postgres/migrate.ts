import type pg from 'pg';
import { EventStoreError } from '../port/errors.ts';
import { EVENT_STORE_SCHEMA, MIGRATIONS } from './schema.ts';

/** Applies missing migrations in one transaction; concurrent starters wait on an advisory lock. */
export async function migrateEventStore(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('event_store.migrations'))");
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${EVENT_STORE_SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${EVENT_STORE_SCHEMA}.migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = await client.query<{ version: number }>(
      `SELECT version FROM ${EVENT_STORE_SCHEMA}.migrations`,
    );
    const done = new Set(applied.rows.map((r) => r.version));
    for (const migration of MIGRATIONS.filter((m) => !done.has(m.version))) {
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${EVENT_STORE_SCHEMA}.migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await assertTransactionIdsAhead(pool);
}

/**
 * Positions embed transaction ids. A log restored into a fresh cluster with pg_dump would hand out
 * smaller ids than the ones already stored and break the order, so we refuse to start. (pg_upgrade
 * keeps the ids; after a dump/restore, advance them with `pg_resetwal -x` past the value named.)
 */
async function assertTransactionIdsAhead(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ stored: string | null; next: string }>(`
    SELECT (SELECT max(global_position) >> 20 FROM ${EVENT_STORE_SCHEMA}.events)::text AS stored,
           pg_snapshot_xmax(pg_current_snapshot())::text AS next`);
  const row = rows[0];
  if (row?.stored != null && BigInt(row.stored) >= BigInt(row.next)) {
    throw new EventStoreError(
      'STORE_UNAVAILABLE',
      `The event log holds transaction id ${row.stored} but this PostgreSQL cluster is at ${row.next}: it was restored into a new cluster. Advance the cluster's transaction ids past ${row.stored} before appending.`,
      { stored: row.stored, next: row.next },
    );
  }
}
