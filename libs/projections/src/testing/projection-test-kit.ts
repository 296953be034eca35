// Test support for the projection specs (not exported by the library): real PostgreSQL, real store.
import { PostgresEventStore, type EventStore, type GlobalPosition, type RecordedEvent } from '#event-store';
import { systemClock } from '#platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projector } from '../projector.ts';
import { readCheckpoints, type StoredCheckpoint } from '../checkpoint-table.ts';
import { openReadModelDataSource } from '../read-model-data-source.ts';

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests with `npm test`');
  return url;
}

export function openStore(): Promise<PostgresEventStore> {
  return PostgresEventStore.open({ connectionString: databaseUrl(), clock: systemClock });
}

/** The read-model DataSource plus the tables the counting projectors write (created once, plain SQL). */
export async function openTestDataSource(applicationName?: string): Promise<DataSource> {
  const dataSource = await openReadModelDataSource({
    url: databaseUrl(),
    ...(applicationName ? { applicationName } : {}),
  });
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('zaitaku:read_model_test'))`);
    await manager.query(`
    CREATE SCHEMA IF NOT EXISTS read_model_test;
    CREATE TABLE IF NOT EXISTS read_model_test.applied (
      projection text NOT NULL, event_id uuid NOT NULL, position numeric(40,0) NOT NULL, n integer,
      PRIMARY KEY (projection, event_id));
    CREATE TABLE IF NOT EXISTS read_model_test.totals (
      projection text NOT NULL, stream_id text NOT NULL, count integer NOT NULL,
      PRIMARY KEY (projection, stream_id));`);
  });
  return dataSource;
}

let counter = 0;
/** A name unique to this run, lower-case, usable in projection names and (capitalized) event types. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export interface CountingProjector extends Projector {
  /** apply calls, including those of rolled-back batches. */
  calls: number;
  resets: number;
}

/**
 * Records each event once per projection in `applied` (a unique key: a second application would fail)
 * and counts per stream in `totals` (no key to stop it: a double effect would show as a wrong count).
 */
export function countingProjector(
  name: string,
  eventType: string,
  options: {
    readonly version?: number;
    readonly beforeApply?: (event: RecordedEvent, call: number) => Promise<void> | void;
  } = {},
): CountingProjector {
  const projector: CountingProjector = {
    name,
    version: options.version ?? 1,
    eventTypes: [eventType],
    calls: 0,
    resets: 0,
    async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
      projector.calls++;
      await manager.query(
        'INSERT INTO read_model_test.applied (projection, event_id, position, n) VALUES ($1, $2, $3, $4)',
        [name, event.id, event.position.toString(), (event.data as { n?: number }).n ?? null],
      );
      await options.beforeApply?.(event, projector.calls);
      await manager.query(
        `INSERT INTO read_model_test.totals (projection, stream_id, count) VALUES ($1, $2, 1)
         ON CONFLICT (projection, stream_id) DO UPDATE SET count = read_model_test.totals.count + 1`,
        [name, event.streamId],
      );
    },
    async reset(manager: EntityManager): Promise<void> {
      projector.resets++;
      await manager.query('DELETE FROM read_model_test.applied WHERE projection = $1', [name]);
      await manager.query('DELETE FROM read_model_test.totals WHERE projection = $1', [name]);
    },
  };
  return projector;
}

export async function appliedNumbers(dataSource: DataSource, projection: string): Promise<number[]> {
  const rows: { n: number }[] = await dataSource.query(
    'SELECT n FROM read_model_test.applied WHERE projection = $1 ORDER BY position',
    [projection],
  );
  return rows.map((row) => row.n);
}

export async function totals(dataSource: DataSource, projection: string): Promise<Record<string, number>> {
  const rows: { stream_id: string; count: number }[] = await dataSource.query(
    'SELECT stream_id, count FROM read_model_test.totals WHERE projection = $1',
    [projection],
  );
  return Object.fromEntries(rows.map((row) => [row.stream_id, row.count]));
}

export async function checkpointOf(dataSource: DataSource, name: string): Promise<StoredCheckpoint> {
  const [checkpoint] = await readCheckpoints(dataSource.manager, [name]);
  if (!checkpoint) throw new Error(`no checkpoint "${name}"`);
  return checkpoint;
}

/** Appends `count` events of `type`, numbered from `first`, one append per `perAppend` events. */
export async function appendNumbered(
  store: EventStore,
  streamId: string,
  type: string,
  first: number,
  count: number,
  perAppend = 1,
): Promise<GlobalPosition> {
  let last = 0n;
  for (let n = first; n < first + count; n += perAppend) {
    const size = Math.min(perAppend, first + count - n);
    const events = Array.from({ length: size }, (_, i) => ({
      type,
      data: { n: n + i },
      metadata: { actorId: 'test', actorRole: 'system', correlationId: 'projection-test' },
    }));
    last = (await store.append(streamId, events, { expectedRevision: 'any' })).position;
  }
  return last;
}

export async function eventually(
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The checkpoint's position, -1n while the runner has not created it yet. */
export async function positionOf(dataSource: DataSource, name: string): Promise<GlobalPosition> {
  const [checkpoint] = await readCheckpoints(dataSource.manager, [name]);
  return checkpoint?.position ?? -1n;
}

/** Every event of the store's log, in log order (pages of 1,000). */
export async function wholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, maxCount: 1_000 });
    if (page.length === 0) return events;
    events.push(...page);
    after = page.at(-1)!.position;
  }
}
