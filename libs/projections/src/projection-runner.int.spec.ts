import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PostgresEventStore } from '#event-store';
import type { DataSource } from 'typeorm';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner.ts';
import {
  appendNumbered,
  appliedNumbers,
  checkpointOf,
  countingProjector,
  eventually,
  openStore,
  openTestDataSource,
  positionOf,
  totals,
  unique,
} from './testing/projection-test-kit.ts';

const fastRetry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 };

describe('ProjectionRunner (real PostgreSQL: event store and read models)', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    store = await openStore();
    dataSource = await openTestDataSource();
  });
  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await dataSource?.destroy();
    await store?.close();
  });

  function runner(options: Omit<ProjectionRunnerOptions, 'store' | 'dataSource'>): ProjectionRunner {
    const created = new ProjectionRunner({ store, dataSource, idleWaitMs: 200, ...options });
    runners.push(created);
    return created;
  }

  it('applies a batch and moves its checkpoint in one transaction: a throw mid-batch leaves neither', async () => {
    const name = unique('atomic');
    const type = `Tick${name}`;
    const startPosition = await store.headPosition();
    const streamId = `tick-${name}`;
    await appendNumbered(store, streamId, type, 1, 20);
    const events = await store.readAll({ after: startPosition, maxCount: 20 });
    const positionOfN = (n: number): bigint =>
      events.find((e) => (e.data as { n: number }).n === n)!.position;

    const failing = countingProjector(name, type, {
      beforeApply: (event) => {
        if ((event.data as { n: number }).n === 10) throw new Error('cannot project event 10');
      },
    });
    const first = runner({
      projector: failing,
      batchSize: 7,
      maxPagesPerCommit: 1,
      retry: fastRetry,
      startPosition,
    });
    first.start();
    await eventually(() => first.status().state === 'parked', 10_000, 'the projection to park');

    // Batch 1 (events 1–7) committed; batch 2 (8–14) failed at 10 three times: 8 and 9 were written
    // in its transaction, and rolled back with it.
    expect(await appliedNumbers(dataSource, name)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await totals(dataSource, name)).toEqual({ [streamId]: 7 });
    expect(failing.calls).toBe(7 + 3 * 3);
    const parked = await checkpointOf(dataSource, name);
    expect(parked.position).toBe(positionOfN(7));
    expect(parked.status).toBe('parked');
    expect(parked.failedPosition).toBe(positionOfN(10));
    expect(parked.lastError).toMatch(/cannot project event 10/);
    expect(first.status()).toMatchObject({
      state: 'parked',
      position: positionOfN(7).toString(),
      failures: 3,
      failedPosition: positionOfN(10).toString(),
      lastError: expect.stringMatching(/failed on event .* \(Tick.*position \d+\): cannot project event 10/),
    });
    await first.stop();

    // Fixed and restarted: resumes after 7, applies 8–20 once, and the row says running again.
    const fixed = runner({ projector: countingProjector(name, type), batchSize: 7, startPosition });
    fixed.start();
    await eventually(async () => (await positionOf(dataSource, name)) >= positionOfN(20));
    expect(await appliedNumbers(dataSource, name)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await totals(dataSource, name)).toEqual({ [streamId]: 20 });
    expect(await checkpointOf(dataSource, name)).toMatchObject({ status: 'running', lastError: null });
    await fixed.stop();
  });

  it('8 concurrent writers, batch size 7, runners stopped, killed and doubled: every event applied exactly once', async () => {
    const name = unique('resume');
    const type = `Tick${name}`;
    const startPosition = await store.headPosition();
    const writers = 8;
    // Writer w appends 1–4 events at a time to its own stream, until told to stop (and at least 12
    // times), so that the runners below always work against live writers.
    let stopWriting = false;
    const written = new Map<string, number>();
    const writing = Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const streamId = `tick-${name}w${w}`;
        let n = 0;
        for (let a = 0; a < 12 || !stopWriting; a++) {
          const size = (a % 4) + 1;
          await appendNumbered(store, streamId, type, w * 100_000 + n, size, size);
          n += size;
          written.set(streamId, n);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
        }
      }),
    );
    const options = { batchSize: 7, retry: fastRetry, startPosition };
    const applied = async (): Promise<number> => (await appliedNumbers(dataSource, name)).length;

    // A: stopped cleanly mid-stream.
    const a = runner({ projector: countingProjector(name, type), ...options });
    a.start();
    await eventually(async () => (await applied()) >= 30, 20_000, '30 events applied');
    await a.stop();

    // B and C at once on the same projection (two worker replicas); B hangs mid-batch and its
    // connection is killed, as if its process died with a transaction open.
    const killed = await openTestDataSource(`zaitaku-test-${name}`);
    let release: () => void = () => undefined;
    const hung = new Promise<void>((resolve) => (release = resolve));
    let hangs = 0;
    const b = new ProjectionRunner({
      store,
      dataSource: killed,
      projector: countingProjector(name, type, {
        beforeApply: async (_event, call) => {
          if (call === 20 && hangs++ === 0) await hung;
        },
      }),
      idleWaitMs: 200,
      ...options,
      retry: { maxAttempts: 3, baseDelayMs: 5_000, maxDelayMs: 5_000 },
    });
    b.start();
    const c = runner({ projector: countingProjector(name, type), ...options });
    c.start();
    await eventually(() => hangs === 1, 20_000, 'runner B to hang mid-batch');
    const terminated: unknown[] = await dataSource.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [`zaitaku-test-${name}`],
    );
    expect(terminated.length).toBeGreaterThan(0);
    release();
    await b.stop();
    await killed.destroy().catch(() => undefined);

    stopWriting = true;
    await writing;
    const expectedTotal = [...written.values()].reduce((sum, n) => sum + n, 0);
    expect(expectedTotal).toBeGreaterThan(200);
    const head = await store.headPosition();
    await eventually(async () => (await positionOf(dataSource, name)) >= head, 30_000, 'C to catch up');
    await c.stop();

    // D: restarted after everything, nothing left to do.
    const d = runner({ projector: countingProjector(name, type), ...options });
    d.start();
    await eventually(() => d.status().state === 'live');
    await d.stop();

    const numbers = await appliedNumbers(dataSource, name);
    expect(numbers).toHaveLength(expectedTotal);
    expect(new Set(numbers).size).toBe(expectedTotal);
    const perStream = await totals(dataSource, name);
    expect(perStream).toEqual(Object.fromEntries(written));
    // In log order within each stream (positions grow with the stream's revisions).
    for (let w = 0; w < writers; w++) {
      const ofWriter = numbers.filter((n) => Math.floor(n / 100_000) === w);
      expect(ofWriter).toEqual([...ofWriter].sort((x, y) => x - y));
    }
    expect(d.status().eventsApplied).toBe(0);
  });

  it('guards against replays: a batch at or below the checkpoint changes nothing', async () => {
    const name = unique('replay');
    const type = `Tick${name}`;
    const startPosition = await store.headPosition();
    await appendNumbered(store, `tick-${name}`, type, 1, 9, 3);
    const projector = countingProjector(name, type);
    const first = runner({ projector, batchSize: 5, startPosition });
    first.start();
    const events = await store.readAll({ after: startPosition, maxCount: 9 });
    const last = events[events.length - 1]!.position;
    await eventually(async () => (await positionOf(dataSource, name)) >= last);
    await first.stop();
    const before = await checkpointOf(dataSource, name);
    const callsBefore = projector.calls;

    // The same events again, whole or in part: nothing applied, the checkpoint row not even touched.
    expect(await first.applyBatch(startPosition, events)).toEqual({ applied: 0, skipped: 9, position: last });
    expect(await first.applyBatch(events[2]!.position, events.slice(3, 6))).toMatchObject({ applied: 0 });
    expect(projector.calls).toBe(callsBefore);
    expect(await checkpointOf(dataSource, name)).toEqual(before);
    expect(await appliedNumbers(dataSource, name)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    // A batch overlapping the checkpoint applies only what lies after it.
    await appendNumbered(store, `tick-${name}`, type, 10, 2, 2);
    const withNew = await store.readAll({ after: startPosition, maxCount: 11 });
    expect(await first.applyBatch(startPosition, withNew)).toMatchObject({ applied: 2, skipped: 9 });
    expect(await appliedNumbers(dataSource, name)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await totals(dataSource, name)).toEqual({ [`tick-${name}`]: 11 });
  });

  it('a higher version rebuilds from the start; a lower one stays out (superseded)', async () => {
    const name = unique('version');
    const type = `Tick${name}`;
    const startPosition = await store.headPosition();
    const last = await appendNumbered(store, `tick-${name}`, type, 1, 6, 2);
    const v1 = runner({ projector: countingProjector(name, type), startPosition });
    v1.start();
    await eventually(async () => (await positionOf(dataSource, name)) >= last);
    await v1.stop();

    const v2projector = countingProjector(name, type, { version: 2 });
    const v2 = runner({ projector: v2projector, startPosition, batchSize: 4 });
    v2.start();
    await eventually(async () => v2.status().state === 'live' && v2.status().eventsApplied === 6);
    await v2.stop();
    expect(v2projector.resets).toBe(1);
    expect(await appliedNumbers(dataSource, name)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await checkpointOf(dataSource, name)).toMatchObject({ version: 2, position: last });

    const stale = runner({ projector: countingProjector(name, type), startPosition });
    stale.start();
    await eventually(() => stale.status().state === 'superseded');
    expect(await checkpointOf(dataSource, name)).toMatchObject({ version: 2, position: last });
  });

  it('a runner whose batch transaction has written and waits does not delay another runner: only appending transactions hold the stable prefix', async () => {
    const name = unique('liveness');
    const type = `Tick${name}`;
    const startPosition = await store.headPosition();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const slowHolds = new Promise<void>((resolve) => (holding = resolve));
    // Event 1's applied row is written before the wait: the slow batch transaction has an id, open.
    const slowProjector = countingProjector(`${name}slow`, type, {
      beforeApply: async (event) => {
        if ((event.data as { n: number }).n !== 1) return;
        holding();
        await gate;
      },
    });
    const slow = runner({ projector: slowProjector, batchSize: 10, startPosition });
    const quick = runner({
      projector: countingProjector(`${name}quick`, type),
      batchSize: 10,
      startPosition,
    });
    slow.start();
    quick.start();
    try {
      await appendNumbered(store, `tick-${name}`, type, 1, 1);
      await slowHolds;
      const last = await appendNumbered(store, `tick-${name}`, type, 2, 3);
      await eventually(
        async () => (await positionOf(dataSource, `${name}quick`)) >= last,
        5_000,
        'the quick runner to pass the events appended while the slow one holds its transaction',
      );
      expect(await appliedNumbers(dataSource, `${name}quick`)).toEqual([1, 2, 3, 4]);
      expect(await appliedNumbers(dataSource, `${name}slow`)).toEqual([]); // still in its first batch
    } finally {
      release();
    }
    await eventually(
      async () =>
        (await positionOf(dataSource, `${name}slow`)) >= (await positionOf(dataSource, `${name}quick`)),
      5_000,
      'the slow runner to finish',
    );
    expect(await appliedNumbers(dataSource, `${name}slow`)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a projector with a bad name or version', () => {
    expect(() => runner({ projector: countingProjector('Bad Name', 'X') })).toThrow(/lower-case/);
    expect(() => runner({ projector: countingProjector('ok', 'X', { version: 0 }) })).toThrow(/version 0/);
  });
});
