import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PostgresEventStore } from '#event-store';
import type { RuntimeConfig } from '#platform';
import type { DataSource } from 'typeorm';
import { readLeaseOwners } from './projection-lease.ts';
import { ProjectionWorker } from './projection-worker.ts';
import {
  appendNumbered,
  appliedNumbers,
  countingProjector,
  databaseUrl,
  eventually,
  openStore,
  openTestDataSource,
  positionOf,
  totals,
  unique,
} from './testing/projection-test-kit.ts';

describe('ProjectionLeases: one worker runs a projection, the others stand by (real PostgreSQL)', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const workers: ProjectionWorker[] = [];

  beforeAll(async () => {
    store = await openStore();
    dataSource = await openTestDataSource();
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.onModuleDestroy()));
    await dataSource?.destroy();
    await store?.close();
  });

  /** A worker replica of one projection, as the worker app builds it (lease polled every 100 ms). */
  async function replica(name: string, type: string, owner: string, version = 1): Promise<ProjectionWorker> {
    const startPosition = await store.headPosition();
    const worker = new ProjectionWorker(
      store,
      dataSource,
      {
        projectors: [countingProjector(name, type, { version })],
        runner: { idleWaitMs: 100, batchSize: 3, startPosition },
        lease: { pollIntervalMs: 100, owner },
      },
      { databaseUrl: databaseUrl() } as RuntimeConfig,
    );
    workers.push(worker);
    worker.onApplicationBootstrap();
    return worker;
  }
  const stateOf = (worker: ProjectionWorker) => worker.status()[0]!;
  const ownerOf = async (name: string) => (await readLeaseOwners(dataSource.manager)).get(name);

  /** A projection of its own, run by worker a (started first), worker b standing by. */
  async function twoReplicas(prefix: string) {
    const name = unique(prefix);
    const type = `Tick${name}`;
    const a = await replica(name, type, `${name}-a`);
    await eventually(() => stateOf(a).state === 'live', 10_000, 'worker a to run the projection');
    const b = await replica(name, type, `${name}-b`);
    await eventually(() => stateOf(b).state === 'standby', 10_000, 'worker b to stand by');
    return { name, type, stream: `tick-${name}`, a, b };
  }

  it('runs the projection in the first worker only; when its lease connection dies the other takes over from the checkpoint, each event once', async () => {
    const { name, type, stream, a, b } = await twoReplicas('lease');

    const first = await appendNumbered(store, stream, type, 1, 10);
    await eventually(async () => (await positionOf(dataSource, name)) >= first, 10_000, 'a to project');
    expect(stateOf(a)).toMatchObject({ state: 'live', owner: `${name}-a`, eventsApplied: 10 });
    expect(stateOf(b)).toMatchObject({ state: 'standby', eventsApplied: 0 });
    expect(stateOf(b).owner).toBeUndefined();
    expect(await ownerOf(name)).toBe(`${name}-a`);

    // Worker a's lease connection dies (as when its process is killed): its session's locks go.
    const [{ terminated }] = await dataSource.query(
      `SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity WHERE application_name = $1`,
      [`zaitaku-projections ${name}-a`],
    );
    expect(terminated).toBe(1);
    await eventually(() => stateOf(b).state === 'live', 10_000, 'worker b to take over');
    expect(stateOf(b).owner).toBe(`${name}-b`);
    await eventually(() => stateOf(a).state === 'standby', 10_000, 'worker a to stand by');

    const second = await appendNumbered(store, stream, type, 11, 10);
    await eventually(async () => (await positionOf(dataSource, name)) >= second, 10_000, 'b to project');
    expect(stateOf(b).eventsApplied).toBe(10); // only what came after the checkpoint a left
    expect(stateOf(a).eventsApplied).toBe(10);
    expect(await appliedNumbers(dataSource, name)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await totals(dataSource, name)).toEqual({ [stream]: 20 });
    expect(await ownerOf(name)).toBe(`${name}-b`);
  });

  it('hands the projection over when its worker shuts down', async () => {
    const { name, type, stream, a, b } = await twoReplicas('handover');
    await appendNumbered(store, stream, type, 1, 5);
    await eventually(() => stateOf(a).eventsApplied === 5, 10_000, 'a to project');

    await a.onModuleDestroy();
    expect(stateOf(a).state).toBe('standby');
    await eventually(() => stateOf(b).state === 'live', 10_000, 'worker b to take over');
    const last = await appendNumbered(store, stream, type, 6, 5);
    await eventually(async () => (await positionOf(dataSource, name)) >= last, 10_000, 'b to project');
    expect(await appliedNumbers(dataSource, name)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await ownerOf(name)).toBe(`${name}-b`);
  });

  it('gives the lease back when the database holds a newer version of the projection (a rolling upgrade)', async () => {
    const name = unique('superseded');
    const type = `Tick${name}`;
    const newer = await replica(name, type, `${name}-v2`, 2);
    await eventually(() => stateOf(newer).state === 'live', 10_000, 'version 2 to run');
    await newer.onModuleDestroy();

    const older = await replica(name, type, `${name}-v1`, 1);
    await eventually(() => stateOf(older).state === 'superseded', 10_000, 'version 1 to find version 2');
    await eventually(
      async () => (await ownerOf(name)) === undefined,
      10_000,
      'version 1 to give its lease back',
    );
    const next = await replica(name, type, `${name}-v2-next`, 2);
    await eventually(() => stateOf(next).state === 'live', 10_000, 'the next version 2 to take over');
    expect(stateOf(older).state).toBe('superseded');
    expect(await ownerOf(name)).toBe(`${name}-v2-next`);
  });
});
