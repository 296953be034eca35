/**
 * `npm run bench:event-store [-- --events 100000 --size 1000 --database zaitaku_bench --concurrency 4 --max-appends 32]`
 *
 * Measures the PostgreSQL event store against baselines of raw `pg` calls in the same run, on the
 * same server, same concurrency: the baseline is one autocommit parameterized INSERT per event (one
 * statement, one round trip) into a table with the same columns and indexes; a second column shows
 * BEGIN / INSERT / COMMIT (three round trips, the older and flattering baseline). For reading, a plain
 * cursor SELECT of the whole log. Prints a Markdown table for docs/benchmarks.md. Uses DATABASE_URL's
 * server when set, otherwise an embedded PostgreSQL; either way in a scratch database (`--database`,
 * default `zaitaku_bench`) that it recreates: give concurrent runs distinct names.
 */
import { cpus, totalmem } from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore, type NewEvent } from '#event-store';
import { systemClock } from '#platform';
import { benchArgs, benchDatabase } from './bench-database.ts';

interface Result {
  readonly events: number;
  readonly seconds: number;
  readonly latencies: number[];
}

const args = benchArgs();
const TOTAL = Number(args.get('events') ?? 100_000);
const SIZE = Number(args.get('size') ?? 1_000);
const DATABASE = args.get('database') ?? 'zaitaku_bench';
const ROUNDS = 4;
/** Group commit (group-commit.ts): `--max-appends 1 --concurrency 1000` sends every append alone. */
const GROUP_COMMIT = {
  ...(args.has('concurrency') ? { concurrency: Number(args.get('concurrency')) } : {}),
  ...(args.has('max-appends') ? { maxAppends: Number(args.get('max-appends')) } : {}),
};
const meta = { actorId: 'bench', actorRole: 'system', correlationId: randomUUID() };
const filler = 'x'.repeat(SIZE - 120); // data + metadata ≈ SIZE bytes

async function main(): Promise<void> {
  const { url, stop } = await benchDatabase(DATABASE);
  const store = await PostgresEventStore.open({
    connectionString: url,
    clock: systemClock,
    poolSize: 40,
    groupCommit: GROUP_COMMIT,
  });
  const raw = new pg.Pool({ connectionString: url, max: 40 });
  await raw.query(`CREATE TABLE baseline (LIKE event_store.events INCLUDING ALL);
    CREATE SEQUENCE baseline_position; CREATE SEQUENCE baseline_hot_revision START 0 MINVALUE 0`);
  const server = (await raw.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;

  const rows: string[] = [];
  for (const [n, label, writers, hot] of [
    [1, '1 writer, distinct streams', 1, false],
    [2, '8 writers, distinct streams', 8, false],
    [3, '32 writers, distinct streams', 32, false],
    [4, '8 writers, one hot stream', 8, true],
  ] as const) {
    // Alternate rounds so that drift (caches, autovacuum, the other core's load) hits both sides alike.
    const ours: Result[] = [];
    const base: Result[] = [];
    const tx: Result[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(
        await runWriters(TOTAL / ROUNDS, writers, (w, i) =>
          store.append(hot ? 'bench-hot' : `bench-s${n}r${round}w${w}x${i}`, [benchEvent(i)], {
            expectedRevision: 'any',
          }),
        ),
      );
      base.push(
        await runWriters(TOTAL / ROUNDS, writers, (w, i) =>
          baselineInsert(raw, hot ? 'baseline-hot' : `baseline-s${n}r${round}w${w}x${i}`, hot, i),
        ),
      );
      tx.push(
        await runWriters(TOTAL / ROUNDS, writers, (w, i) =>
          baselineTransaction(raw, hot ? 'baseline-hot' : `baseline-t${n}r${round}w${w}x${i}`, hot, i),
        ),
      );
    }
    rows.push(row(`append: ${label}`, combine(ours), combine(base), combine(tx)));
  }
  const oursRead = await timed(async () => {
    let after = 0n;
    let n = 0;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 1000 });
      n += page.length;
      if (page.length < 1000) return n;
      after = page[page.length - 1]!.position;
    }
  });
  const baseRead = await timed(() => cursorRead(raw));
  rows.push(row('read whole log (pages of 1,000)', oursRead, baseRead));

  console.log(
    `\nPostgreSQL ${server}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}`,
  );
  console.log(
    `${TOTAL} events of ~${SIZE} bytes per scenario, one event per append; group commit ${JSON.stringify(GROUP_COMMIT)}\n`,
  );
  console.log(
    '| scenario | Zaitaku events/s | p50 ms | p99 ms | INSERT events/s | p50 ms | p99 ms | ratio | BEGIN/INSERT/COMMIT events/s | p50 ms | p99 ms | ratio |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const line of rows) console.log(line);
  await store.close();
  await raw.end();
  await stop();
}

function benchEvent(i: number): NewEvent {
  return { id: uuidv7(), type: 'BenchmarkRecorded', data: { i, filler }, metadata: meta };
}

/** The baseline: one autocommit statement, one round trip. */
async function baselineInsert(
  raw: pg.Pool | pg.PoolClient,
  streamId: string,
  hot: boolean,
  i: number,
): Promise<unknown> {
  const revision = hot ? "nextval('baseline_hot_revision')" : '0';
  return raw.query(
    `INSERT INTO baseline (global_position, event_id, stream_id, category, revision, event_type, schema_version,
       data, metadata, recorded_at, hash)
     VALUES (nextval('baseline_position'), $1, $2, 'baseline', ${revision}, 'BenchmarkRecorded', 1, $3, $4, $5, $6)`,
    [uuidv7(), streamId, JSON.stringify({ i, filler }), JSON.stringify(meta), new Date(), randomBytes(32)],
  );
}

/** The second column: the same INSERT in an explicit transaction, three round trips. */
async function baselineTransaction(
  raw: pg.Pool,
  streamId: string,
  hot: boolean,
  i: number,
): Promise<unknown> {
  const client = await raw.connect();
  try {
    await client.query('BEGIN');
    await baselineInsert(client, streamId, hot, i);
    return await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function cursorRead(raw: pg.Pool): Promise<number> {
  const client = await raw.connect();
  try {
    await client.query('BEGIN');
    await client.query('DECLARE log CURSOR FOR SELECT * FROM baseline ORDER BY global_position');
    let n = 0;
    for (;;) {
      const page = await client.query('FETCH 1000 FROM log');
      n += page.rowCount ?? 0;
      if ((page.rowCount ?? 0) < 1000) break;
    }
    await client.query('COMMIT');
    return n;
  } finally {
    client.release();
  }
}

async function runWriters(
  total: number,
  writers: number,
  append: (w: number, i: number) => Promise<unknown>,
): Promise<Result> {
  const latencies: number[] = [];
  const perWriter = Math.ceil(total / writers);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) {
        const t0 = process.hrtime.bigint();
        await append(w, i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  return {
    events: perWriter * writers,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    latencies,
  };
}

async function timed(fn: () => Promise<number>): Promise<Result> {
  const started = process.hrtime.bigint();
  const events = await fn();
  return { events, seconds: Number(process.hrtime.bigint() - started) / 1e9, latencies: [] };
}

function combine(results: readonly Result[]): Result {
  return {
    events: results.reduce((sum, r) => sum + r.events, 0),
    seconds: results.reduce((sum, r) => sum + r.seconds, 0),
    latencies: results.flatMap((r) => r.latencies),
  };
}

function row(label: string, ours: Result, ...baselines: Result[]): string {
  const rate = (r: Result) => r.events / r.seconds;
  const pct = (r: Result, p: number) => (r.latencies.length ? percentile(r.latencies, p).toFixed(2) : '–');
  const cells = (r: Result) => `${Math.round(rate(r))} | ${pct(r, 50)} | ${pct(r, 99)}`;
  const against = baselines.map((b) => `${cells(b)} | ${(rate(ours) / rate(b)).toFixed(2)}`);
  while (against.length < 2) against.push('– | – | – | –');
  return `| ${label} | ${cells(ours)} | ${against.join(' | ')} |`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

await main();
