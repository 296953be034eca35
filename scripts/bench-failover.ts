/**
 * `npm run bench:failover [-- --rounds 3]`
 *
 * How long the read models stay behind when the worker running the projections dies (SIGKILL), with
 * the real worker entry point (dist/apps/worker/src/main.js) on a scratch database
 * `zaitaku_bench_failover` (DATABASE_URL's server, else the embedded PostgreSQL) and REDIS_URL:
 *
 * - baseline, one worker: started again at once, as `restart: unless-stopped` does on one box;
 * - replicas, a second worker standing by: it takes the projection leases (PROJECTION_LEASE_POLL_MS,
 *   1 s unless set).
 *
 * Each round kills the worker holding every lease, appends one event at once and times until every
 * read model's checkpoint includes it. Rounds alternate the two ways. Prints a Markdown table.
 */
import type { ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore } from '#event-store';
import { systemClock } from '#platform';
import {
  openReadModelDataSource,
  READ_MODEL_PROJECTORS,
  readCheckpoints,
  readLeaseOwners,
} from '#projections';
import { benchArgs, benchDatabase } from './bench-database.ts';
import { startServerProcess, stopServerProcess } from './faults/server-process.ts';

const ROUNDS = Number(benchArgs().get('rounds') ?? 3);
const NAMES = READ_MODEL_PROJECTORS.map((projector) => projector.name);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const { url, drop } = await benchDatabase('zaitaku_bench_failover');
  const env = { ...process.env, DATABASE_URL: url };
  const startWorker = () =>
    startServerProcess(
      process.execPath,
      ['dist/apps/worker/src/main.js'],
      /Nest application successfully started|redis: .* — (up|down)/,
      { env: { ...env, LOG_LEVEL: 'log' } },
      120_000,
    );
  const ownerOf = (child: ChildProcess) => `${hostname()}/${child.pid}`;
  let workers: ChildProcess[] = [await startWorker()];
  const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock, migrate: false });
  const dataSource = await openReadModelDataSource({ url });
  const metadata = { actorId: 'bench', actorRole: 'system', correlationId: 'bench-failover' };
  const append = async () =>
    (
      await store.append(`benchTick-${uuidv7()}`, [{ type: 'BenchTick', data: {}, metadata }], {
        expectedRevision: 'no_stream',
      })
    ).position;
  const caughtUp = async (position: bigint) => {
    for (;;) {
      const at = (await readCheckpoints(dataSource.manager, NAMES)).map((c) => c.position);
      if (at.length === NAMES.length && at.every((p) => p >= position)) return;
      await sleep(10);
    }
  };
  const heldBy = async (child: ChildProcess) => {
    for (;;) {
      const owners = await readLeaseOwners(dataSource.manager);
      if (NAMES.every((name) => owners.get(name) === ownerOf(child))) return;
      await sleep(50);
    }
  };
  const times: Record<'baseline' | 'replicas', number[]> = { baseline: [], replicas: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of ['baseline', 'replicas'] as const) {
        // Untimed set-up: one worker (baseline) or two, the older holding every lease, live.
        if (mode === 'baseline' && workers.length > 1) {
          await stopServerProcess(workers[1]!, 'SIGTERM');
          workers = [workers[0]!];
        }
        if (mode === 'replicas' && workers.length === 1) workers.push(await startWorker());
        await heldBy(workers[0]!);
        await caughtUp(await append());

        const killedWorker = workers[0]!;
        const started = performance.now();
        await stopServerProcess(killedWorker, 'SIGKILL');
        const position = await append();
        const restarted = mode === 'baseline' ? startWorker() : undefined;
        const leased = (async () => {
          for (;;) {
            const owners = await readLeaseOwners(dataSource.manager);
            const killed = ownerOf(killedWorker);
            if (NAMES.every((name) => owners.has(name) && owners.get(name) !== killed))
              return performance.now() - started;
            await sleep(10);
          }
        })();
        await caughtUp(position);
        const ms = performance.now() - started;
        times[mode].push(ms);
        workers = mode === 'baseline' ? [await restarted!] : [workers[1]!];
        console.error(
          `round ${round + 1} ${mode}: every lease held again after ${(await leased).toFixed(0)} ms, the read models include the next event after ${ms.toFixed(0)} ms`,
        );
      }
    }
  } finally {
    await Promise.all(workers.map((worker) => stopServerProcess(worker, 'SIGTERM')));
    await dataSource.destroy();
    await store.close();
    await drop();
  }
  const describe = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    return { median, min: sorted[0]!, max: sorted.at(-1)! };
  };
  const baseline = describe(times.baseline);
  const replicas = describe(times.replicas);
  const row = (name: string, d: ReturnType<typeof describe>, ratio: string) =>
    `| ${name} | ${ROUNDS} | ${d.median.toFixed(0)} | ${d.min.toFixed(0)} | ${d.max.toFixed(0)} | ${ratio} |`;
  console.log('| after SIGKILL of the projecting worker | kills | median ms | min ms | max ms | ratio |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(row('baseline: one worker, restarted at once', baseline, '1.00'));
  console.log(
    row(
      `replicas: a standby worker (lease poll ${process.env.PROJECTION_LEASE_POLL_MS ?? 1000} ms)`,
      replicas,
      (replicas.median / baseline.median).toFixed(2),
    ),
  );
}

await main();
