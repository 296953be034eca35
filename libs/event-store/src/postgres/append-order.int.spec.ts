import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '../port/clock.ts';
import { verifyStoredLog } from '../audit/verify-log.ts';
import { findFirstChainBreak } from '../integrity/hash-chain.ts';
import type { NewEvent, RecordedEvent } from '../port/event-envelope.ts';
import { appendStatement, lockStreamsStatement, PostgresEventStore } from './postgres-event-store.ts';
import { dropScratchDatabase, withDatabase } from './testing-drop-database.ts';

/**
 * Positions follow revisions in every stream, whatever the concurrency (issue #12, defect 8): a stream's
 * lock is taken before the transaction id that makes the position. Checked event by event on a
 * scratch database of its own, so that `audit verify` covers exactly the log written here.
 */
const serverUrl = process.env.DATABASE_URL!;
const meta = { actorId: 'writer', actorRole: 'system', correlationId: 'corr-order' };
const one = (data: unknown): NewEvent => ({ id: uuidv7(), type: 'ThingHappened', data, metadata: meta });

/** The whole log, read as a follower does (stable prefix, pages of 1,000). */
async function wholeLog(store: PostgresEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
    after = page[page.length - 1]!.position;
  }
}

/** Every stream, in log order, must count 0, 1, 2, …: positions never disagree with revisions. */
function revisionsOutOfOrder(log: readonly RecordedEvent[]): string[] {
  const next = new Map<string, number>();
  const problems: string[] = [];
  for (const [i, event] of log.entries()) {
    if (i > 0 && event.position <= log[i - 1]!.position) problems.push(`position ${event.position} repeats`);
    const expected = next.get(event.streamId) ?? 0;
    if (event.revision !== expected) {
      problems.push(
        `${event.streamId}: revision ${event.revision} at ${event.position}, expected ${expected}`,
      );
    }
    next.set(event.streamId, event.revision + 1);
  }
  return problems;
}

describe('PostgreSQL event store: positions follow revisions in every stream', () => {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 2 });
  const database = `zaitaku_order_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let store: PostgresEventStore;
  let pool: pg.Pool;

  beforeAll(async () => {
    await admin.query(`CREATE DATABASE ${database}`);
    const url = withDatabase(serverUrl, database);
    store = await PostgresEventStore.open({ connectionString: url, clock: systemClock, poolSize: 16 });
    pool = new pg.Pool({ connectionString: url, max: 4 });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await dropScratchDatabase(admin, database);
    await admin.end();
  });

  it("given 16 writers making 100 appends each to one stream with expected revision 'any', when the log is read by position, then the stream's revisions count up event by event and its chain is intact", async () => {
    const streamId = 'accessLog-2026-11-29';
    await Promise.all(
      Array.from({ length: 16 }, async (_, w) => {
        for (let i = 0; i < 100; i++) {
          // Every fifth append is a batch of two: a batch stays contiguous too.
          const batch = i % 5 === 0 ? [one({ w, i, part: 1 }), one({ w, i, part: 2 })] : [one({ w, i })];
          await store.append(streamId, batch, { expectedRevision: 'any' });
        }
      }),
    );

    const log = (await wholeLog(store)).filter((e) => e.streamId === streamId);
    expect(log).toHaveLength(16 * 120);
    expect(revisionsOutOfOrder(log)).toEqual([]);
    expect(log.map((e) => e.revision)).toEqual(log.map((_, i) => i));
    expect(findFirstChainBreak(await store.readStream(streamId))).toBeUndefined();
  });

  it('given transactions appending to several shared streams at once, in every order, while single-stream writers append to the same streams, then every stream counts up by position and each transaction is all-or-nothing and contiguous', async () => {
    const streams = ['ledger-a', 'ledger-b', 'ledger-c', 'ledger-d'];
    const multi = Array.from({ length: 8 }, async (_, w) => {
      const transactions: RecordedEvent['id'][][] = [];
      for (let i = 0; i < 40; i++) {
        // 2 or 3 streams, in a different order each time: the store sorts the locks.
        const picked = [...streams].sort(() => Math.random() - 0.5).slice(0, 2 + (i % 2));
        const appends = picked.map((streamId) => ({
          streamId,
          events: [one({ w, i, streamId }), one({ w, i, streamId, second: true })],
          expectedRevision: 'any' as const,
        }));
        await store.appendToStreams(appends);
        transactions.push(appends.flatMap((a) => a.events.map((e) => e.id!)));
      }
      return transactions;
    });
    const single = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 40; i++) {
        await store.append(streams[(w + i) % streams.length]!, [one({ w, i })], { expectedRevision: 'any' });
      }
    });
    const [transactions] = await Promise.all([Promise.all(multi), Promise.all(single)]);

    const log = (await wholeLog(store)).filter((e) => streams.includes(e.streamId));
    expect(log).toHaveLength(8 * 40 * 2 * 2.5 + 8 * 40);
    expect(revisionsOutOfOrder(log)).toEqual([]);
    const at = new Map(log.map((e, i) => [e.id, i]));
    for (const ids of transactions.flat()) {
      const indexes = ids.map((id) => at.get(id)!);
      // One transaction's events sit next to each other in the log, in the order they were appended.
      expect(indexes).toEqual(indexes.map((_, k) => indexes[0]! + k));
    }
    for (const streamId of streams) {
      expect(findFirstChainBreak(await store.readStream(streamId))).toBeUndefined();
    }
  });

  it('given a caller transaction that appended to one stream, when another transaction appends to a second stream before it, then its append there is refused as a serialization failure and nothing of it is stored; with lock_streams first it commits, before the other', async () => {
    const first = one({ step: 'first' });
    const second = one({ step: 'second' });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(appendStatement('caller-x1', [first], 'any', new Date()));
      await store.append('caller-y1', [one({ step: 'meanwhile' })], { expectedRevision: 'any' });
      const refused = await client
        .query(appendStatement('caller-y1', [second], 'any', new Date()))
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: '40001' });
      expect((refused as Error).message).toContain('event_store.lock_streams');
      await client.query('ROLLBACK');
      expect(await store.readStream('caller-x1')).toHaveLength(0);
      expect(await store.readStream('caller-y1')).toHaveLength(1);

      await client.query('BEGIN');
      await client.query(lockStreamsStatement(['caller-y1', 'caller-x1']));
      await client.query(appendStatement('caller-x1', [first], 'any', new Date()));
      // Waits for the stream's lock, then takes its position after ours.
      const other = store.append('caller-y1', [one({ step: 'waits' })], { expectedRevision: 'any' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await client.query(appendStatement('caller-y1', [second], 'any', new Date()));
      await client.query('COMMIT');
      await other;
    } finally {
      client.release();
    }
    const y = await store.readStream('caller-y1');
    expect(y.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(y[1]!.id).toBe(second.id);
    expect(y[1]!.position).toBeLessThan(y[2]!.position);
    expect(y[0]!.position).toBeLessThan(y[1]!.position);
  });

  it('given a transaction that wrote something else first, when it appends, then the append is refused (readers may already have passed its id) and nothing is stored', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      const refused = await client
        .query(appendStatement('late-1', [one({})], 'no_stream', new Date()))
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'ZE004' });
      expect((refused as Error).message).toContain('an append must come before any other write');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await store.readStream('late-1')).toHaveLength(0);
  });

  it('given everything above, audit verify over the untouched log finds nothing (no revision-gap)', async () => {
    const summary = await verifyStoredLog(store, [], new Map());
    expect(summary.findings).toEqual([]);
    expect(summary.events).toBe((await wholeLog(store)).length);
  });
});
