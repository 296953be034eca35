import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { systemClock } from '../port/clock.ts';
import { PostgresLogCheckpointStore } from '../audit/log-checkpoint-store.ts';
import { PostgresCheckpointStore } from '../subscription/checkpoint-store.ts';
import { migrateEventStore } from './migrate.ts';
import { PostgresEventStore } from './postgres-event-store.ts';
import { MIGRATIONS } from './schema.ts';
import { dropScratchDatabase, withDatabase } from './testing-drop-database.ts';

/**
 * The event store's migrations own every table of the schemas event_store and audit. A database set up
 * by the previous version (migrations 1 to 5, and the audit tables its ensureSchema() created) must
 * take migration 6 without losing a row.
 */
const serverUrl = process.env.DATABASE_URL!;

/** What PostgresLogCheckpointStore.ensureSchema() ran before migration 6 (copied as it was). */
const PREVIOUS_AUDIT_DDL = `CREATE SCHEMA IF NOT EXISTS audit;
  CREATE TABLE IF NOT EXISTS audit.log_checkpoints (
    sequence integer PRIMARY KEY, position numeric(40, 0) NOT NULL, checkpoint jsonb NOT NULL,
    recorded_at timestamptz NOT NULL);
  CREATE TABLE IF NOT EXISTS audit.log_leaves (
    leaf_index bigint PRIMARY KEY, position numeric(40, 0) NOT NULL, event_id uuid NOT NULL,
    event_hash bytea NOT NULL);
  CREATE INDEX IF NOT EXISTS log_leaves_event_id ON audit.log_leaves (event_id)`;

describe('event store migrations', () => {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 2 });
  afterAll(async () => admin.end());

  async function scratch(label: string, test: (url: string, pool: pg.Pool) => Promise<void>): Promise<void> {
    const database = `zaitaku_${label}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const url = withDatabase(serverUrl, database);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      await test(url, pool);
    } finally {
      await pool.end();
      await dropScratchDatabase(admin, database);
    }
  }

  it('given an empty database, every table of the schemas event_store and audit is made, once', async () => {
    await scratch('migrate_new', async (url, pool) => {
      await Promise.all([migrateEventStore(pool), migrateEventStore(pool)]); // two starters at once
      const { rows } = await pool.query<{ name: string }>(
        `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
          WHERE table_schema IN ('event_store', 'audit') ORDER BY 1`,
      );
      expect(rows.map((row) => row.name)).toEqual([
        'audit.log_checkpoints',
        'audit.log_leaves',
        'event_store.checkpoints',
        'event_store.event_tags',
        'event_store.events',
        'event_store.migrations',
      ]);
      const versions = await pool.query<{ version: number }>(
        'SELECT version FROM event_store.migrations ORDER BY version',
      );
      expect(versions.rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
      await new PostgresCheckpointStore(pool).reset('probe', 7n);
      expect(await new PostgresCheckpointStore(pool).load('probe')).toBe(7n);
      expect(await new PostgresLogCheckpointStore(pool).latest()).toBeUndefined();
    });
  });

  it('given a database of the previous version (migrations 1-5, audit tables made at start), migration 6 adopts the audit tables with their rows', async () => {
    await scratch('migrate_old', async (url, pool) => {
      // The previous runner: migrations 1 to 5, recorded; then the worker's ensureSchema().
      await pool.query(`CREATE SCHEMA event_store;
        CREATE TABLE event_store.migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const migration of MIGRATIONS.filter((m) => m.version <= 5)) {
        await pool.query(migration.sql);
        await pool.query('INSERT INTO event_store.migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
      }
      await pool.query(PREVIOUS_AUDIT_DDL);
      await pool.query(
        `INSERT INTO audit.log_checkpoints (sequence, position, checkpoint, recorded_at)
         VALUES (1, 42, '{"sequence": 1}', now())`,
      );

      const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
      await store.close();

      const versions = await pool.query<{ version: number }>(
        'SELECT version FROM event_store.migrations ORDER BY version',
      );
      expect(versions.rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await new PostgresLogCheckpointStore(pool).all()).toEqual([{ sequence: 1 }]);
    });
  });
});
