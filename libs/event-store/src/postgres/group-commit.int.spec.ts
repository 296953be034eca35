import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '../port/clock.ts';
import { IdempotencyConflictError, WrongExpectedRevisionError } from '../port/errors.ts';
import { findFirstChainBreak } from '../integrity/hash-chain.ts';
import type { NewEvent } from '../port/event-envelope.ts';
import type { AppendResult } from '../port/event-store.ts';
import { migrateEventStore } from './migrate.ts';
import { appendStatement, PostgresEventStore } from './postgres-event-store.ts';
import { dropScratchDatabase, withDatabase } from './testing-drop-database.ts';

/**
 * Group commit (issue #17): appends made while another statement is in flight leave together, in one
 * statement and one transaction, yet each caller gets the outcome it would have got alone. The
 * appends made in one turn of the event loop leave together; with `concurrency: 1` those made while
 * that statement is in flight leave together in the next one.
 */
const url = process.env.DATABASE_URL!;
const meta = { actorId: 'user-1', actorRole: 'caseworker', correlationId: 'corr-group' };
const one = (data: unknown = {}): NewEvent => ({ id: uuidv7(), type: 'ThingHappened', data, metadata: meta });
const tag = `gc${Date.now().toString(36)}`;
const transactionOf = (position: bigint): bigint => position >> 20n;
/** The next turn of the event loop: an append made before it has left. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('PostgreSQL event store: group commit', () => {
  let store: PostgresEventStore;
  let pool: pg.Pool;
  beforeAll(async () => {
    store = await PostgresEventStore.open({
      connectionString: url,
      clock: systemClock,
      groupCommit: { concurrency: 1 },
    });
    pool = new pg.Pool({ connectionString: url, max: 2 });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
  });

  it('given no statement in flight, when appends are made in one turn of the event loop, then they leave together in one transaction, the first one too', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.append(`${tag}turn-${i}`, [one({ i })], { expectedRevision: 'no_stream' }),
      ),
    );

    expect(new Set(results.map((r) => transactionOf(r.position))).size).toBe(1);
    expect(results.map((r) => r.nextRevision)).toEqual([0, 0, 0, 0, 0]);
  });

  it('given appends that queue behind one in flight, when they are made, then they share one transaction, in call order, and every chain verifies', async () => {
    const first = store.append(`${tag}lead-1`, [one()], { expectedRevision: 'no_stream' });
    await nextTurn();
    const queued = Array.from({ length: 11 }, (_, i) =>
      store.append(`${tag}queued-${Math.floor(i / 3)}`, [one({ i }), one({ i, part: 2 })], {
        expectedRevision: 'any',
      }),
    );
    const results = await Promise.all(queued);
    const lead = await first;

    expect(new Set(results.map((r) => transactionOf(r.position))).size).toBe(1);
    expect(transactionOf(results[0]!.position)).toBeGreaterThan(transactionOf(lead.position));
    const positions = results.map((r) => r.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    for (let s = 0; s < 4; s++) {
      const stream = await store.readStream(`${tag}queued-${s}`);
      expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => i));
      expect(findFirstChainBreak(stream)).toBeUndefined();
    }
  });

  it('given queued appends with and without tags, when they leave in one batch, then each tag is indexed at its own event and untagged events have none', async () => {
    const first = store.append(`${tag}tags-lead`, [one()], { expectedRevision: 'no_stream' });
    await nextTurn();
    const [tagged, untagged, twice] = await Promise.all([
      store.append(`${tag}tags-a`, [{ ...one(), tags: [`${tag}case:1`, `${tag}office:9`] }], {
        expectedRevision: 'no_stream',
      }),
      store.append(`${tag}tags-b`, [one()], { expectedRevision: 'no_stream' }),
      store.append(`${tag}tags-c`, [one(), { ...one(), tags: [`${tag}case:1`] }], {
        expectedRevision: 'no_stream',
      }),
    ]);
    await first;

    expect(transactionOf(tagged.position)).toBe(transactionOf(twice.position));
    const { rows } = await pool.query<{ tag: string; global_position: string }>(
      'SELECT tag, global_position::text FROM event_store.event_tags WHERE tag LIKE $1 ORDER BY global_position, tag',
      [`${tag}%`],
    );
    expect(rows).toEqual([
      { tag: `${tag}case:1`, global_position: tagged.position.toString() },
      { tag: `${tag}office:9`, global_position: tagged.position.toString() },
      { tag: `${tag}case:1`, global_position: twice.position.toString() },
    ]);
    const untaggedRows = await pool.query('SELECT 1 FROM event_store.event_tags WHERE global_position = $1', [
      untagged.position.toString(),
    ]);
    expect(untaggedRows.rows).toEqual([]);
  });

  it('given one batch holding a wrong expected revision, a reused id, a half-reused multi-event append and a retry, when it commits, then each caller gets its own outcome and only the good appends are stored, whole', async () => {
    const stored = [one({ stored: true })];
    await store.append(`${tag}mixed-old`, stored, { expectedRevision: 'no_stream' });
    const fresh = one({ fresh: true });
    const lead = store.append(`${tag}mixed-lead`, [one()], { expectedRevision: 'no_stream' });
    await nextTurn();
    const outcomes = await Promise.allSettled([
      store.append(`${tag}mixed-a`, [one({ a: 1 })], { expectedRevision: 'no_stream' }),
      store.append(`${tag}mixed-old`, [one()], { expectedRevision: 5 }),
      store.append(`${tag}mixed-b`, [stored[0]!], { expectedRevision: 'any' }),
      store.append(`${tag}mixed-c`, [fresh, stored[0]!], { expectedRevision: 'any' }),
      store.append(`${tag}mixed-old`, stored, { expectedRevision: 'no_stream' }),
      store.append(`${tag}mixed-d`, [one({ d: 1 })], { expectedRevision: 'no_stream' }),
    ]);
    await lead;

    const [a, wrong, reused, halfReused, retry, d] = outcomes;
    expect(a).toMatchObject({ status: 'fulfilled', value: { nextRevision: 0, alreadyStored: false } });
    expect(wrong).toMatchObject({ status: 'rejected' });
    expect((wrong as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((reused as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyConflictError);
    expect((halfReused as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyConflictError);
    expect(retry).toMatchObject({ status: 'fulfilled', value: { nextRevision: 0, alreadyStored: true } });
    expect(d).toMatchObject({ status: 'fulfilled', value: { nextRevision: 0, alreadyStored: false } });
    const [positionA, positionD] = [a, d].map(
      (r) => (r as PromiseFulfilledResult<AppendResult>).value.position,
    );
    expect(transactionOf(positionA!)).toBe(transactionOf(positionD!));

    expect(await store.readStream(`${tag}mixed-old`)).toHaveLength(1);
    expect(await store.readStream(`${tag}mixed-b`)).toEqual([]);
    expect(await store.readStream(`${tag}mixed-c`)).toEqual([]);
    const { rows } = await pool.query('SELECT 1 FROM event_store.events WHERE event_id = $1', [fresh.id]);
    expect(rows).toEqual([]);
  });

  it('given a stream whose lock another transaction holds, when it is appended to in a batch with others, then the others commit without waiting and it lands after the holder, once the holder commits', async () => {
    const held = await pool.connect();
    try {
      await held.query('BEGIN');
      const holderRow = await held.query<{ last_position: string }>(
        appendStatement(`${tag}locked-1`, [one({ holder: true })], 'no_stream', new Date()),
      );
      let waiterDone = false;
      const lead = store.append(`${tag}locked-lead`, [one()], { expectedRevision: 'no_stream' });
      await nextTurn();
      const waiter = store
        .append(`${tag}locked-1`, [one({ waiter: true })], { expectedRevision: 'any' })
        .finally(() => (waiterDone = true));
      const others = await Promise.all([
        store.append(`${tag}unlocked-1`, [one()], { expectedRevision: 'no_stream' }),
        store.append(`${tag}unlocked-2`, [one()], { expectedRevision: 'no_stream' }),
      ]);
      await lead;

      expect(others.map((r) => r.nextRevision)).toEqual([0, 0]);
      expect(waiterDone).toBe(false);
      await held.query('COMMIT');
      const landed = await waiter;
      expect(landed.nextRevision).toBe(1);
      expect(landed.position).toBeGreaterThan(BigInt(holderRow.rows[0]!.last_position));
      expect(findFirstChainBreak(await store.readStream(`${tag}locked-1`))).toBeUndefined();
    } finally {
      await held.query('ROLLBACK').catch(() => undefined);
      held.release();
    }
  });
});

describe('PostgreSQL event store: a batch on a grown log', () => {
  /** append_batch's argument: appends of one fresh stream each. */
  const batchOf = (appends: number): string =>
    JSON.stringify(
      Array.from({ length: appends }, () => {
        const [streamId, category, expected, events] = appendStatement(
          `${tag}grown-${uuidv7()}`,
          [one()],
          'any',
          new Date(),
        ).values;
        return {
          streamId,
          category,
          expected,
          recordedAt: new Date().toISOString(),
          events: JSON.parse(events as string) as unknown,
        };
      }),
    );

  it('given a connection whose batches were planned while the log was empty, when the log has grown to thousands of events, then a batch reads no event by a sequential scan of the log', async () => {
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    const database = `zaitaku_gc_grown_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const scratch = new pg.Pool({ connectionString: withDatabase(url, database), max: 1 });
    try {
      await migrateEventStore(scratch);
      const client = await scratch.connect();
      try {
        // Given: more than five calls, so PL/pgSQL keeps its plans for the session, made on an empty log.
        for (let i = 0; i < 8; i++)
          await client.query('SELECT * FROM event_store.append_batch($1::jsonb)', [batchOf(2)]);
        // When: the log grows (no ANALYZE runs in between, as between two autovacuum rounds).
        await client.query(`INSERT INTO event_store.events (global_position, event_id, stream_id, category, revision,
                              event_type, schema_version, data, metadata, recorded_at, hash)
                            SELECT n, gen_random_uuid(), 'bulk-' || n, 'thing', 0, 'ThingHappened', 1, '{}', '{}', now(), '\\x00'
                              FROM generate_series(1, 5000) AS n`);
        // The statistics of this session's earlier transactions are flushed, so the transaction's own
        // view below counts the batch alone.
        await client.query('SELECT pg_stat_force_next_flush()');
        await client.query('BEGIN');
        const { rows } = await client.query<{ error_state: string | null }>(
          'SELECT * FROM event_store.append_batch($1::jsonb)',
          [batchOf(2)],
        );
        const scans = await client.query<{ seq_scan: string; idx_scan: string }>(
          "SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE relid = 'event_store.events'::regclass",
        );
        await client.query('COMMIT');

        // Then
        expect(rows.map((row) => row.error_state)).toEqual([null, null]);
        expect(scans.rows[0]).toMatchObject({ seq_scan: '0' });
        expect(Number(scans.rows[0]!.idx_scan)).toBeGreaterThan(0);
      } finally {
        client.release();
      }
    } finally {
      await scratch.end();
      await dropScratchDatabase(admin, database);
      await admin.end();
    }
  });
});
