import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '../port/clock.ts';
import type { NewEvent, RecordedEvent } from '../port/event-envelope.ts';
import { CatchUpSubscription } from '../subscription/catch-up-subscription.ts';
import { handledCheckpoint } from '../subscription/handled-checkpoint.ts';
import { PostgresCheckpointStore } from '../subscription/checkpoint-store.ts';
import { appendStatement, PostgresEventStore } from './postgres-event-store.ts';
import { dropScratchDatabase } from './testing-drop-database.ts';

/**
 * The stable prefix waits only for transactions that append to the log (issue #12, defect 9): not for
 * a transaction in another database, a forgotten session that wrote elsewhere, or another follower
 * writing its effects. An appending transaction held open does hold it back, and readableLag names it.
 * A scratch database of its own, so that nothing else appends to the log read here.
 */
const serverUrl = process.env.DATABASE_URL!;
const meta = { actorId: 'writer', actorRole: 'system', correlationId: 'corr-liveness' };
const one = (type = 'ThingHappened', data: unknown = {}): NewEvent => ({
  id: uuidv7(),
  type,
  data,
  metadata: meta,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(20);
  }
  return condition();
}

describe('PostgreSQL event store: followers are held back only by appending transactions', () => {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 2 });
  const database = `zaitaku_live_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let url: string;
  let store: PostgresEventStore;
  let pool: pg.Pool;

  beforeAll(async () => {
    await admin.query(`CREATE DATABASE ${database}`);
    url = withDatabase(serverUrl, database);
    store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
    pool = new pg.Pool({ connectionString: url, max: 6 });
    await pool.query('CREATE TABLE follower_effects (event_id uuid PRIMARY KEY)');
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await dropScratchDatabase(admin, database);
    await admin.end();
  });

  async function readsAfter(after: bigint): Promise<RecordedEvent[]> {
    return store.readAll({ after, maxCount: 10_000 });
  }

  it('given a follower whose handler wrote its effects and holds its checkpoint transaction open, another follower still receives new events at once', async () => {
    const checkpoints = new PostgresCheckpointStore(pool);
    const head = await store.headPosition();
    await checkpoints.reset('slow', head);
    await checkpoints.reset('quick', head);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const slowHolds = new Promise<void>((resolve) => (holding = resolve));
    const slowSeen: string[] = [];
    const slow = new CatchUpSubscription({
      name: 'slow',
      store,
      checkpoint: handledCheckpoint(checkpoints, 'slow', async (events, tx) => {
        for (const event of events) {
          // A write: the checkpoint transaction now has a transaction id, and keeps it while it waits.
          await tx.query('INSERT INTO follower_effects VALUES ($1)', [event.id]);
          slowSeen.push(event.id);
        }
        if (events.some((e) => e.type === 'SlowThingHappened')) {
          holding();
          await gate;
        }
      }),
      pollIntervalMs: 20,
    });
    const quickSeen: string[] = [];
    const quick = new CatchUpSubscription({
      name: 'quick',
      store,
      checkpoint: handledCheckpoint(
        checkpoints,
        'quick',
        async (events) => void quickSeen.push(...events.map((e) => e.id)),
      ),
      pollIntervalMs: 20,
    });
    slow.start();
    quick.start();
    try {
      const first = one('SlowThingHappened');
      await store.append('liveness-slow', [first], { expectedRevision: 'no_stream' });
      await slowHolds;
      // The slow follower's transaction, with an id, stays open; the quick follower's own commit of
      // `first` may be between its statements at this moment, so wait (bounded) for it to finish.
      const openWithId = async () =>
        (
          await pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()
               AND state = 'idle in transaction' AND backend_xid IS NOT NULL`,
          )
        ).rows[0]!.n;
      let open = await openWithId();
      for (let tries = 0; open !== 1 && tries < 50; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        open = await openWithId();
      }
      expect(open).toBe(1);

      const later = [one(), one(), one()];
      const appended = await store.append('liveness-later', later, { expectedRevision: 'no_stream' });
      expect(await until(() => later.every((e) => quickSeen.includes(e.id!)), 5_000)).toBe(true);
      expect(quickSeen).toEqual([first.id, ...later.map((e) => e.id)]);
      expect(await store.headPosition()).toBe(appended.position);
      expect((await store.readableLag()).events).toBe(0);
      expect(slowSeen).toEqual([first.id]); // still inside its first batch

      release();
      expect(await until(() => slowSeen.length === 4, 5_000)).toBe(true);
      expect(slowSeen).toEqual(quickSeen);
    } finally {
      release();
      await slow.stop();
      await quick.stop();
    }
  });

  it('given a writer quiet for longer than its notify interval, when it appends, then other processes are told at once, not at the end of the interval', async () => {
    // An interval far longer than jest's timeout: only an announcement made at once can arrive in time.
    const writerUrl = new URL(url);
    writerUrl.searchParams.set('application_name', 'told-writer');
    const writer = await PostgresEventStore.open({
      connectionString: writerUrl.toString(),
      clock: systemClock,
      migrate: false,
      notifyIntervalMs: 600_000,
    });
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    try {
      await listener.query('LISTEN event_store_appended');
      // Only the writer's own NOTIFY counts, not one the shared store of an earlier test still owes.
      const told = new Promise<string>((resolve) =>
        listener.on('notification', (message) => {
          void pool
            .query<{ application_name: string }>(
              'SELECT application_name FROM pg_stat_activity WHERE pid = $1',
              [message.processId],
            )
            .then(({ rows }) => {
              if (rows[0]?.application_name === 'told-writer') resolve(message.channel);
            });
        }),
      );

      await writer.append(`told-${uuidv7()}`, [one()], { expectedRevision: 'no_stream' });

      expect(await told).toBe('event_store_appended');
    } finally {
      await writer.close();
      await listener.end();
    }
  });

  it('given a transaction with an id held open in another database of the server, readAll returns events appended after it began', async () => {
    const elsewhere = new pg.Client({ connectionString: serverUrl }); // the test database, not the scratch one
    await elsewhere.connect();
    try {
      await elsewhere.query('BEGIN');
      await elsewhere.query('SELECT pg_current_xact_id()');
      const head = await store.headPosition();
      const late = one();
      const appended = await store.append('liveness-elsewhere', [late], { expectedRevision: 'no_stream' });
      expect((await readsAfter(head)).map((e) => e.id)).toEqual([late.id]);
      expect(await store.headPosition()).toBe(appended.position);
    } finally {
      await elsewhere.query('ROLLBACK').catch(() => undefined);
      await elsewhere.end();
    }
  });

  it('given a forgotten session of the same database idle in a transaction that wrote elsewhere, readAll is not held back', async () => {
    const forgotten = await pool.connect();
    try {
      await forgotten.query('BEGIN');
      await forgotten.query('INSERT INTO follower_effects VALUES ($1)', [uuidv7()]);
      const head = await store.headPosition();
      const late = one();
      await store.append('liveness-forgotten', [late], { expectedRevision: 'no_stream' });
      expect((await readsAfter(head)).map((e) => e.id)).toEqual([late.id]);
      // It can no longer append: readers have passed its transaction id.
      const refused = await forgotten
        .query(appendStatement('liveness-forgotten', [one()], 'any', new Date()))
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'ZE004' });
    } finally {
      await forgotten.query('ROLLBACK').catch(() => undefined);
      forgotten.release();
    }
  });

  it('given an appending transaction held open, readAll waits for it, and readableLag counts what waits and names the session holding it; after its commit the lag is 0', async () => {
    const held = new pg.Client({ connectionString: url, application_name: 'held-appender' });
    await held.connect();
    let open = false;
    try {
      const { rows } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const head = await store.headPosition();
      await held.query('BEGIN');
      open = true;
      const inFlight = one();
      await held.query(appendStatement('liveness-held', [inFlight], 'no_stream', new Date()));
      const waiting = [one(), one()];
      const appended = await store.append('liveness-waiting', waiting, { expectedRevision: 'no_stream' });
      await sleep(1_100);

      expect(await readsAfter(head)).toEqual([]);
      expect(await store.headPosition()).toBe(head);
      const lag = await store.readableLag();
      expect(lag).toMatchObject({ writtenHead: appended.position, readableHead: head, events: 2 });
      expect(lag.seconds).toBeGreaterThanOrEqual(1);
      expect(lag.holder).toMatchObject({
        pid: rows[0]!.pid,
        database,
        applicationName: 'held-appender',
        state: 'idle in transaction',
        backendXid: expect.stringMatching(/^\d+$/),
      });
      expect(lag.holder!.transactionAgeSeconds).toBeGreaterThanOrEqual(1);

      await held.query('COMMIT');
      open = false;
      const after = await readsAfter(head);
      expect(after.map((e) => e.id)).toEqual([inFlight.id, ...waiting.map((e) => e.id)]);
      const caughtUp = await store.readableLag();
      expect(caughtUp).toMatchObject({ events: 0, seconds: 0, readableHead: caughtUp.writtenHead });
      expect(caughtUp.holder).toBeUndefined();
    } finally {
      if (open) await held.query('ROLLBACK').catch(() => undefined);
      await held.end();
    }
  });
});
