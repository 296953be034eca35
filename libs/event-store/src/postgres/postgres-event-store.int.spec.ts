import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '../port/clock.ts';
import { findFirstChainBreak } from '../integrity/hash-chain.ts';
import type { NewEvent, RecordedEvent } from '../port/event-envelope.ts';
import { CatchUpSubscription } from '../subscription/catch-up-subscription.ts';
import { handledCheckpoint } from '../subscription/handled-checkpoint.ts';
import { PostgresCheckpointStore } from '../subscription/checkpoint-store.ts';
import { appendStatement, PostgresEventStore } from './postgres-event-store.ts';
import { MIGRATIONS } from './schema.ts';

/**
 * PostgreSQL-only proofs: what a database client can do that the port cannot express (transactions
 * held open, rolled back, rows edited behind the store's back).
 */
const url = process.env.DATABASE_URL!;
const meta = { actorId: 'user-1', actorRole: 'caseworker', correlationId: 'corr-1' };
const newEvents = (n: number): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({ id: uuidv7(), type: 'ThingHappened', data: { i }, metadata: meta }));
const tag = `pg${Date.now().toString(36)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgreSQL event store', () => {
  let store: PostgresEventStore;
  let pool: pg.Pool;
  beforeAll(async () => {
    store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
    pool = new pg.Pool({ connectionString: url, max: 12 });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
  });

  it('reads 2,500 streams in statements of a thousand, each stream whole and in order', async () => {
    const ids = Array.from({ length: 2_500 }, (_, i) => `many${tag}-${i}`);
    for (const i of [0, 999, 1_000, 2_499])
      await store.append(ids[i]!, newEvents(2), { expectedRevision: 'no_stream' });
    const read = await store.readStreams(ids);
    expect(read.size).toBe(2_500);
    const written = [...read].filter(([, events]) => events.length > 0);
    expect(written.map(([id]) => id)).toEqual([0, 999, 1_000, 2_499].map((i) => ids[i]));
    for (const [id, events] of written) expect(events).toEqual(await store.readStream(id));
  });

  describe('given writers that hold transactions open or roll back', () => {
    it('a subscriber with batch size 2 waits for the slow transaction, then delivers everything once, in order, and never the rolled-back events', async () => {
      const checkpoints = new PostgresCheckpointStore(pool);
      const name = `held-${tag}`;
      await checkpoints.reset(name, await store.headPosition());
      const seen: RecordedEvent[] = [];
      const subscription = new CatchUpSubscription({
        name,
        store,
        checkpoint: handledCheckpoint(
          checkpoints,
          name,
          async (batch) => void seen.push(...batch.filter((e) => e.streamId.startsWith(`${tag}`))),
        ),
        batchSize: 2,
        pollIntervalMs: 10,
      });
      subscription.start();

      // The slow writer takes its transaction id (and so its position) first, commits last.
      const slow = await pool.connect();
      const slowEvents = newEvents(3);
      await slow.query('BEGIN');
      await slow.query(appendStatement(`${tag}slow-1`, slowEvents, 'no_stream', new Date()));
      const doomed = await pool.connect();
      const doomedEvents = newEvents(2);
      await doomed.query('BEGIN');
      await doomed.query(appendStatement(`${tag}doomed-1`, doomedEvents, 'no_stream', new Date()));

      const fast: string[] = [];
      await Promise.all(
        Array.from({ length: 32 }, async (_, w) => {
          for (let i = 0; i < 5; i++) {
            const batch = newEvents(1 + (i % 3));
            await store.append(`${tag}fast-${w}`, batch, { expectedRevision: 'any' });
            fast.push(...batch.map((e) => e.id!));
          }
        }),
      );
      await sleep(300);
      expect(seen).toHaveLength(0); // everything after the open transaction waits for it

      await doomed.query('ROLLBACK');
      doomed.release();
      await slow.query('COMMIT');
      slow.release();
      const expected = [...slowEvents.map((e) => e.id!), ...fast];
      const deadline = Date.now() + 20_000;
      while (seen.length < expected.length && Date.now() < deadline) await sleep(20);
      await sleep(200);
      await subscription.stop();

      const ids = seen.map((e) => e.id);
      expect(ids.slice(0, 3)).toEqual(slowEvents.map((e) => e.id)); // its earlier position comes first
      expect(new Set(ids)).toEqual(new Set(expected));
      expect(ids).toHaveLength(expected.length);
      expect(seen.every((e, i) => i === 0 || e.position > seen[i - 1]!.position)).toBe(true);
      expect(ids.some((id) => doomedEvents.some((d) => d.id === id))).toBe(false);
    });
  });

  describe('given a stream whose rows are altered directly in the database', () => {
    async function chainOf(streamId: string) {
      return findFirstChainBreak(await store.readStream(streamId));
    }

    it('an intact stream has no break', async () => {
      await store.append(`${tag}intact-1`, newEvents(4), { expectedRevision: 'no_stream' });
      expect(await chainOf(`${tag}intact-1`)).toBeUndefined();
    });

    it('an edited data field breaks the chain at that revision', async () => {
      const id = `${tag}edited-1`;
      await store.append(id, newEvents(4), { expectedRevision: 'no_stream' });
      await pool.query(
        `UPDATE event_store.events SET data = '{"i": 99}' WHERE stream_id = $1 AND revision = 2`,
        [id],
      );
      expect(await chainOf(id)).toMatchObject({
        streamId: id,
        revision: 2,
        reason: 'content-altered-or-chain-broken',
      });
    });

    it('an edited actor in the metadata breaks the chain at that revision', async () => {
      const id = `${tag}actor-1`;
      await store.append(id, newEvents(3), { expectedRevision: 'no_stream' });
      await pool.query(
        `UPDATE event_store.events SET metadata = jsonb_set(metadata, '{actorId}', '"someone-else"') WHERE stream_id = $1 AND revision = 1`,
        [id],
      );
      expect(await chainOf(id)).toMatchObject({ revision: 1 });
    });

    it('a deleted event shows as a gap at the first missing revision', async () => {
      const id = `${tag}deleted-1`;
      await store.append(id, newEvents(4), { expectedRevision: 'no_stream' });
      await pool.query('DELETE FROM event_store.events WHERE stream_id = $1 AND revision = 1', [id]);
      expect(await chainOf(id)).toMatchObject({ revision: 2, reason: 'revision-gap' });
    });
  });

  it('given appends in one caller transaction, two of them to one stream in a row, all commit with increasing positions, or none', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const a = await client.query(appendStatement(`${tag}tx-a`, newEvents(2), 'no_stream', new Date()));
      const b = await client.query(appendStatement(`${tag}tx-b`, newEvents(3), 'no_stream', new Date()));
      // The same stream again, right after: its head is this transaction's own last position.
      const again = await client.query(appendStatement(`${tag}tx-b`, newEvents(1), 2, new Date()));
      await client.query('COMMIT');
      expect(BigInt(again.rows[0].last_position)).toBeGreaterThan(BigInt(b.rows[0].last_position));
      expect(BigInt(b.rows[0].last_position)).toBeGreaterThan(BigInt(a.rows[0].last_position));
      await client.query('BEGIN');
      await client.query(appendStatement(`${tag}tx-c`, newEvents(1), 'no_stream', new Date()));
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await store.readStream(`${tag}tx-a`)).toHaveLength(2);
    expect((await store.readStream(`${tag}tx-b`)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    expect(findFirstChainBreak(await store.readStream(`${tag}tx-b`))).toBeUndefined();
    expect(await store.readStream(`${tag}tx-c`)).toHaveLength(0);
  });

  it("given tagged events, readByTag is an ordered walk of event_tags' primary key joined to events by theirs, never a scan of the log", async () => {
    const key = `${tag}:explain`;
    await store.append(
      `${tag}explain-1`,
      newEvents(50).map((e, i) => ({ ...e, tags: i % 5 === 0 ? [key, `${key}:${i}`] : [`${key}:${i}`] })),
      { expectedRevision: 'no_stream' },
    );
    expect((await store.readByTag(key)).map((e) => e.revision)).toEqual([
      0, 5, 10, 15, 20, 25, 30, 35, 40, 45,
    ]);
    // The installed function's own body and settings, as a generic plan (what a SQL function runs).
    const { rows: fn } = await pool.query<{ body: string; config: string[] | null }>(
      `SELECT prosrc AS body, proconfig AS config FROM pg_proc
        WHERE proname = 'read_by_tag' AND pronamespace = 'event_store'::regnamespace`,
    );
    const body = fn[0]!.body
      .replace(/\bp_tag\b/g, '$1')
      .replace(/\bp_after\b/g, '$2')
      .replace(/\bp_limit\b/g, '$3');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const setting of fn[0]!.config ?? []) {
        const [name, value] = setting.split('=');
        await client.query(`SET LOCAL ${name} = ${value}`);
      }
      await client.query('SET LOCAL plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE read_by_tag_plan(text, bigint, integer) AS ${body}`);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN EXECUTE read_by_tag_plan('${key}', 0, 1000)`,
      );
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index (Only )?Scan using event_tags_pkey on event_tags/);
      expect(plan).toMatch(/Index Scan using events_pkey on events/);
      expect(plan).not.toMatch(/Seq Scan|Sort|Bitmap/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('given a stored log, when the store is opened again, migrations are not re-applied and the log is intact', async () => {
    await store.append(`${tag}reopen-1`, newEvents(1), { expectedRevision: 'no_stream' });
    const again = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM event_store.migrations');
    expect(rows[0].n).toBe(MIGRATIONS.length);
    expect(await again.readStream(`${tag}reopen-1`)).toHaveLength(1);
    await again.close();
  });
});
