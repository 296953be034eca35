/**
 * `npm run bench:replay [-- --events 50001 --size 1000 --batches 100,1000 --rounds 3 --database zaitaku_bench_replay]`
 *
 * Issue #17, goal 2: replaying a quiet log through a CatchUpSubscription against a raw keyset SELECT
 * of the same table, in the same run. A log of `--events` events of ~`--size` bytes (multi-event
 * appends), then, per batch size and in alternating rounds:
 *
 * - baseline: `SELECT <the columns readAll returns> FROM event_store.events WHERE global_position > $1
 *   ORDER BY global_position LIMIT $2`, a named (prepared) statement, page after page through one `pg`
 *   connection;
 * - the same keyset SELECT bounded by the stable prefix as the store's read_all is
 *   (`AND global_position < (SELECT event_store.stable_bound() << 20)`): what any correct follower of
 *   this log must pay, shown so that the two costs can be told apart;
 * - the store's own paged read (readAll, page after page): the subscription without its checkpoints;
 * - a CatchUpSubscription from 0 to the head, a handler that only counts, and the checkpoint moved per
 *   batch in a transaction (handledCheckpoint: BEGIN, handler, checkpoint UPSERT, COMMIT), as the
 *   projections do.
 *
 * Each side starts from a collected heap (run with node --expose-gc, as the npm script does).
 *
 * The ratio is against the plain keyset SELECT. Uses DATABASE_URL's server when set, otherwise the
 * embedded PostgreSQL, in a scratch database it recreates and drops at the end.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  CatchUpSubscription,
  handledCheckpoint,
  PostgresCheckpointStore,
  PostgresEventStore,
  type NewEvent,
} from '#event-store';
import { systemClock } from '#platform';
import { benchArgs, benchDatabase } from './bench-database.ts';
import { combine, storeReadAll, timed, type Measured } from './bench-read-baseline.ts';

const args = benchArgs();
const TOTAL = Number(args.get('events') ?? 50_001);
const SIZE = Number(args.get('size') ?? 1_000);
const BATCHES = (args.get('batches') ?? '100,1000').split(',').map(Number);
const ROUNDS = Number(args.get('rounds') ?? 3);
const DATABASE = args.get('database') ?? 'zaitaku_bench_replay';
const EVENTS_PER_APPEND = 1_000;
const meta = { actorId: 'bench', actorRole: 'system', correlationId: randomUUID() };
const filler = 'x'.repeat(Math.max(0, SIZE - 120)); // data + metadata ≈ SIZE bytes

/** The columns (and casts) the store's readAll returns, so that both sides parse the same rows. */
const COLUMNS = `global_position::text AS position, event_id, stream_id, revision::integer AS revision, event_type,
  schema_version, data, metadata, recorded_at, encode(hash, 'hex') AS hash`;
const STABLE = 'AND global_position < (SELECT event_store.stable_bound() << 20)';

/** Bad arguments: say which and why, exit 2, touch nothing. */
function refuseArguments(): void {
  const positive = (v: number) => Number.isSafeInteger(v) && v >= 1;
  const problems = [
    ...(positive(TOTAL) ? [] : [`--events ${args.get('events')}: expected a positive integer`]),
    ...(positive(SIZE) ? [] : [`--size ${args.get('size')}: expected a positive integer`]),
    ...(BATCHES.every((b) => positive(b) && b <= 10_000)
      ? []
      : [`--batches ${args.get('batches')}: expected batch sizes from 1 to 10000, comma-separated`]),
    ...(positive(ROUNDS) ? [] : [`--rounds ${args.get('rounds')}: expected a positive integer`]),
    ...(/^[a-z_][a-z0-9_]{0,62}$/.test(DATABASE)
      ? []
      : [`--database ${DATABASE}: expected lower-case letters, digits and _ (a new scratch database)`]),
  ];
  if (problems.length === 0) return;
  for (const problem of problems) console.error(problem);
  process.exit(2);
}

function benchEvents(from: number, n: number): NewEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    type: 'BenchmarkRecorded',
    data: { i: from + i, filler },
    metadata: meta,
  }));
}

/** The quiet log: TOTAL events in appends of up to EVENTS_PER_APPEND, one stream each. */
async function writeLog(store: PostgresEventStore): Promise<void> {
  for (let written = 0; written < TOTAL; written += EVENTS_PER_APPEND) {
    const n = Math.min(EVENTS_PER_APPEND, TOTAL - written);
    await store.append(`bench-s${written}`, benchEvents(written, n), { expectedRevision: 'no_stream' });
  }
}

/** The whole table, keyset page after keyset page, on one connection. */
async function keysetRead(raw: pg.Pool, batchSize: number, bound: string): Promise<number> {
  const client = await raw.connect();
  try {
    let after = '0';
    let n = 0;
    for (;;) {
      // Named, so parsed and planned once per connection, as the store's own read is.
      const { rows } = await client.query<{ position: string }>({
        name: bound === '' ? 'bench-keyset' : 'bench-keyset-stable',
        text: `SELECT ${COLUMNS} FROM event_store.events WHERE global_position > $1 ${bound}
         ORDER BY global_position LIMIT $2`,
        values: [after, batchSize],
      });
      n += rows.length;
      if (rows.length < batchSize) return n;
      after = rows[rows.length - 1]!.position;
    }
  } finally {
    client.release();
  }
}

/** A subscription from 0 to `head`, counting; resolves when its checkpoint reaches the head. */
async function replay(
  store: PostgresEventStore,
  checkpoints: PostgresCheckpointStore,
  name: string,
  batchSize: number,
  head: bigint,
): Promise<number> {
  await checkpoints.reset(name, 0n);
  let counted = 0;
  let reached!: () => void;
  const done = new Promise<void>((resolve) => (reached = resolve));
  const inner = handledCheckpoint(checkpoints, name, async (events) => void (counted += events.length));
  const subscription = new CatchUpSubscription({
    name,
    store,
    checkpoint: {
      load: inner.load,
      commit: async (from, events, batch) => {
        const to = await inner.commit(from, events, batch);
        if (to >= head) reached();
        return to;
      },
    },
    batchSize,
    onError: (error) => {
      console.error(error);
      return 'stop';
    },
  });
  subscription.start();
  await done;
  await subscription.stop();
  return counted;
}

async function main(): Promise<void> {
  refuseArguments();
  const { url, drop } = await benchDatabase(DATABASE);
  const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
  // The scratch database is dropped WITH (FORCE) at the end: a session still closing is no error.
  const raw = new pg.Pool({ connectionString: url, max: 2 }).on('error', () => undefined);
  const checkpointPool = new pg.Pool({ connectionString: url, max: 2 }).on('error', () => undefined);
  const checkpoints = new PostgresCheckpointStore(checkpointPool);
  try {
    const server = (await raw.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!
      .v;
    const written = await timed(async () => (await writeLog(store), TOTAL));
    await raw.query('VACUUM ANALYZE event_store.events');
    const head = await store.headPosition();
    console.log(
      `PostgreSQL ${server}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; ` +
        `load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    console.log(
      `${TOTAL} events of ~${SIZE} bytes written in ${written.seconds.toFixed(1)} s; ${ROUNDS} alternating rounds per batch size\n`,
    );
    console.log(
      '| batch size | keyset SELECT events/s | + stable bound events/s | ratio | store readAll loop events/s | ratio | subscription events/s | **ratio** | rounds |',
    );
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const batchSize of BATCHES) {
      const plain: Measured[] = [];
      const stable: Measured[] = [];
      const subscribed: Measured[] = [];
      const paged: Measured[] = [];
      const sides = [
        () => timed(() => keysetRead(raw, batchSize, '')).then((m) => plain.push(m)),
        () => timed(() => keysetRead(raw, batchSize, STABLE)).then((m) => stable.push(m)),
        () => timed(() => storeReadAll(store, batchSize)).then((m) => paged.push(m)),
        () =>
          timed(() => replay(store, checkpoints, `bench-replay-${batchSize}`, batchSize, head)).then((m) =>
            subscribed.push(m),
          ),
      ];
      await sides[0]!(); // warm-up: the table into the cache, the plans prepared
      plain.length = 0;
      for (let round = 0; round < ROUNDS; round++) {
        // Rotate which side goes first, so that drift hits every side alike.
        for (let i = 0; i < sides.length; i++) {
          // Every side starts from a collected heap (node --expose-gc, as npm run bench:replay runs it):
          // the garbage one side leaves would otherwise be collected in the next side's time.
          (globalThis as { gc?: () => void }).gc?.();
          await sides[(round + i) % sides.length]!();
        }
      }
      const rate = (m: Measured[]) => combine(m).events / combine(m).seconds;
      for (const m of [...plain, ...stable, ...paged, ...subscribed]) {
        if (m.events !== TOTAL) throw new Error(`a read returned ${m.events} events, expected ${TOTAL}`);
      }
      // Each round's own ratio too: on a loaded machine their spread says how far to trust the total.
      const rounds = subscribed.map((m, i) => (plain[i]!.seconds / m.seconds).toFixed(2)).join(' ');
      console.log(
        `| ${batchSize} | ${Math.round(rate(plain))} | ${Math.round(rate(stable))} | ${(rate(stable) / rate(plain)).toFixed(2)} | ` +
          `${Math.round(rate(paged))} | ${(rate(paged) / rate(plain)).toFixed(2)} | ` +
          `${Math.round(rate(subscribed))} | **${(rate(subscribed) / rate(plain)).toFixed(2)}** | ${rounds} |`,
      );
    }
    console.log(
      `\nload after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await store.close();
    await raw.end();
    await checkpointPool.end();
    await drop();
  }
}

await main();
