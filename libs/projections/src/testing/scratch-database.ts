// Test support: a database of its own on the test server, and waits that tolerate the stable prefix.
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresEventStore, type GlobalPosition } from '#event-store';
import { dropScratchDatabase } from '#event-store-testing';
import { systemClock } from '#platform';
import { readCheckpoints } from '../checkpoint-table.ts';
import { ProjectionRunner } from '../projection-runner.ts';
import type { Projector } from '../projector.ts';
import { openReadModelDataSource, type ReadModelDataSourceOptions } from '../read-model-data-source.ts';
import { databaseUrl, eventually, unique } from './projection-test-kit.ts';

/**
 * A fresh database (the shared test database holds other tests' events and read models): the event
 * store and the read models (migrated) of its own. Only appending transactions of this database hold
 * its stable prefix back (README, "Order and liveness"); wait with `untilReadable` for what was
 * appended before reading it all the same.
 */
export async function scratchDatabase(
  prefix: string,
  entities?: ReadModelDataSourceOptions['entities'],
): Promise<ScratchDatabase> {
  const admin = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
  const database = `${prefix}_${unique('')}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = Object.assign(new URL(databaseUrl()), { pathname: `/${database}` }).toString();
  const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
  const dataSource = await openReadModelDataSource({ url, ...(entities ? { entities } : {}) });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    url,
    database,
    store,
    dataSource,
    pool,
    context: async () => {
      const own = new pg.Pool({ connectionString: url, max: 2 });
      return { store, pool: own, close: () => own.end() };
    },
    close: async () => {
      await pool.end();
      await dataSource.destroy();
      await store.close();
      // Once the sessions just closed have gone: a forced drop would end one still saying goodbye.
      await dropScratchDatabase(admin, database);
      await admin.end();
    },
  };
}

export interface ScratchDatabase {
  readonly url: string;
  readonly database: string;
  readonly store: PostgresEventStore;
  /** The read models' DataSource (migrated; the given entities). */
  readonly dataSource: DataSource;
  readonly pool: pg.Pool;
  /** What the CLI opens (openCliContext): this database; closing it leaves the test's connections open. */
  context(): Promise<{ store: PostgresEventStore; pool: pg.Pool; close(): Promise<void> }>;
  /** Closes every connection and drops the database. */
  close(): Promise<void>;
}

/**
 * Resolves once `position` is in the store's stable prefix (readAll returns it). A transaction left
 * open anywhere in the cluster (another test's, or one of our own) delays that: 60 s of tolerance.
 */
export async function untilReadable(
  store: PostgresEventStore,
  position: GlobalPosition,
  timeoutMs = 60_000,
): Promise<void> {
  await eventually(async () => (await store.headPosition()) >= position, timeoutMs, `position ${position}`);
}

/**
 * Runs the projectors live (the worker's runner, on this database's store) until every checkpoint has
 * reached `position`, then stops them.
 */
export async function runLiveUntil(
  db: Pick<ScratchDatabase, 'store' | 'dataSource'>,
  projectors: readonly Projector[],
  position: GlobalPosition,
  batchSize = 1_000,
  timeoutMs = 120_000,
): Promise<void> {
  await untilReadable(db.store, position);
  const runners = projectors.map(
    (projector) =>
      new ProjectionRunner({
        store: db.store,
        dataSource: db.dataSource,
        projector,
        batchSize,
        idleWaitMs: 200,
      }),
  );
  runners.forEach((runner) => runner.start());
  try {
    await eventually(
      async () => {
        const parked = runners.find((runner) => runner.status().state === 'parked');
        if (parked) throw new Error(`projection ${parked.name} parked: ${parked.status().lastError}`);
        const checkpoints = await readCheckpoints(
          db.dataSource.manager,
          projectors.map((p) => p.name),
        );
        return checkpoints.length === projectors.length && checkpoints.every((c) => c.position >= position);
      },
      timeoutMs,
      `${projectors.map((p) => p.name).join(', ')} to reach ${position}`,
    );
  } finally {
    await Promise.all(runners.map((runner) => runner.stop()));
  }
}
