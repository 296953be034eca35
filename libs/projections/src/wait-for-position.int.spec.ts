import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GlobalPosition, PostgresEventStore } from '#event-store';
import type { DataSource } from 'typeorm';
import { PostgresCheckpointListener } from './checkpoint-listener.ts';
import { READ_MODEL_MIGRATIONS } from './migrations/index.ts';
import { migrateReadModel, openReadModelDataSource } from './read-model-data-source.ts';
import { ProjectionRunner } from './projection-runner.ts';
import {
  appendNumbered,
  countingProjector,
  databaseUrl,
  eventually,
  openStore,
  openTestDataSource,
  unique,
} from './testing/projection-test-kit.ts';
import { parsePosition, waitForPosition, type CheckpointSource } from './wait-for-position.ts';

describe('waitForPosition (LISTEN/NOTIFY on checkpoint commits, polling as the fallback)', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let listener: PostgresCheckpointListener;
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    store = await openStore();
    dataSource = await openTestDataSource();
    listener = new PostgresCheckpointListener(dataSource, databaseUrl());
    await listener.listen();
  });
  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await listener?.close();
    await dataSource?.destroy();
    await store?.close();
  });

  async function liveProjection(): Promise<{ name: string; type: string; runner: ProjectionRunner }> {
    const name = unique('wait');
    const type = `Tick${name}`;
    const runner = new ProjectionRunner({
      store,
      dataSource,
      projector: countingProjector(name, type),
      startPosition: await store.headPosition(),
      idleWaitMs: 5_000,
    });
    runners.push(runner);
    runner.start();
    await eventually(() => runner.status().state === 'live');
    return { name, type, runner };
  }

  it('resolves true once the projection has committed the position, false after the timeout', async () => {
    const { name, type } = await liveProjection();
    const position = await appendNumbered(store, `tick-${name}`, type, 1, 3, 3);
    expect(await waitForPosition(listener, name, position, 5_000)).toBe(true);
    const [row] = await dataSource.query(
      'SELECT position::text AS position FROM read_model.projection_checkpoints WHERE name = $1',
      [name],
    );
    expect(BigInt(row.position)).toBeGreaterThanOrEqual(position);

    const started = Date.now();
    expect(await waitForPosition(listener, name, position + (1n << 40n), 200)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await waitForPosition(listener, 'never-ran', 1n, 50)).toBe(false);
  });

  it('waits for every named projection', async () => {
    const fast = await liveProjection();
    const slow = await liveProjection();
    await slow.runner.stop();
    const type = fast.type;
    const position = await appendNumbered(store, `tick-${fast.name}`, type, 1, 1);
    expect(await waitForPosition(listener, [fast.name, slow.name], position, 300)).toBe(false);
    const waiting = waitForPosition(listener, [fast.name, slow.name], position, 5_000);
    slow.runner.start();
    expect(await waiting).toBe(true);
  });

  it('works by polling alone (a source without notifications), and stops on abort', async () => {
    const { name, type } = await liveProjection();
    const polling: CheckpointSource = { positions: (names) => listener.positions(names) };
    const position = await appendNumbered(store, `tick-${name}`, type, 1, 1);
    expect(await waitForPosition(polling, name, position, { timeoutMs: 5_000, pollIntervalMs: 20 })).toBe(
      true,
    );
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    expect(
      await waitForPosition(listener, name, position + (1n << 40n), {
        timeoutMs: 5_000,
        signal: abort.signal,
      }),
    ).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('parses ?waitForPosition= values', () => {
    expect(parsePosition('123456789012345678901234567890')).toBe(123456789012345678901234567890n);
    for (const bad of ['', '-1', '1.5', '0x10', ' 1', '1'.repeat(41)])
      expect(parsePosition(bad)).toBeUndefined();
  });

  it('measures: append → read model visible, LISTEN/NOTIFY against polling', async () => {
    const { name, type } = await liveProjection();
    let reads = 0;
    const counted = (source: CheckpointSource): CheckpointSource => ({
      positions: (names) => {
        reads++;
        return source.positions(names);
      },
      ...(source.onMove ? { onMove: source.onMove.bind(source) } : {}),
    });
    const variants: [string, CheckpointSource, number | undefined][] = [
      ['LISTEN/NOTIFY', counted(listener), undefined],
      ['poll 50 ms', counted({ positions: (n) => listener.positions(n) }), 50],
      ['poll 10 ms', counted({ positions: (n) => listener.positions(n) }), 10],
    ];
    const rounds = 25;
    const report: string[] = [];
    for (const [label, source, pollIntervalMs] of variants) {
      reads = 0;
      const latencies: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const started = performance.now();
        const position: GlobalPosition = await appendNumbered(store, `tick-${name}`, type, i, 1);
        const ok = await waitForPosition(source, name, position, {
          timeoutMs: 5_000,
          ...(pollIntervalMs ? { pollIntervalMs } : {}),
        });
        expect(ok).toBe(true);
        latencies.push(performance.now() - started);
      }
      latencies.sort((a, b) => a - b);
      const median = latencies[Math.floor(rounds / 2)]!;
      const p95 = latencies[Math.floor(rounds * 0.95)]!;
      report.push(
        `${label.padEnd(14)} median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, ${(reads / rounds).toFixed(1)} checkpoint reads per wait`,
      );
    }
    process.stdout.write(
      `\nwaitForPosition, append → visible (${rounds} rounds each):\n  ${report.join('\n  ')}\n`,
    );
  });

  it('migrations: on a fresh database, four processes starting at once migrate it once', async () => {
    const database = `zaitaku_migrate_${unique('')}`;
    await dataSource.query(`CREATE DATABASE ${database}`);
    const url = new URL(databaseUrl());
    url.pathname = `/${database}`;
    try {
      const opened = await Promise.all(
        [1, 2, 3, 4].map(() => openReadModelDataSource({ url: url.toString() })),
      );
      const rows: { name: string }[] = await opened[0]!.query('SELECT name FROM read_model.migrations');
      expect(rows.map((row) => row.name)).toEqual(READ_MODEL_MIGRATIONS.map((migration) => migration.name));
      expect(rows).toHaveLength(new Set(rows.map((row) => row.name)).size);
      expect(await migrateReadModel(opened[1]!)).toEqual([]);
      await Promise.all(opened.map((each) => each.destroy()));
    } finally {
      await dataSource.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  });
});
