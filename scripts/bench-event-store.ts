/**
 * `npm run bench:event-store [-- --events 100000 --size 1000 --database zaitaku_bench --concurrency 4 --max-appends 32]`
 *
 * Measures the PostgreSQL event store against baselines of raw `pg` calls in the same run, on the
 * same server, same concurrency: the baseline is one autocommit parameterized INSERT per event (one
 * statement, one round trip) into a table with the same columns and indexes; a second column shows
 * BEGIN / INSERT / COMMIT (three round trips, the older and flattering baseline), and a third side
 * calls event_store.append_events straight from `pg` (what the store adds in Node, issue #17). Each
 * side's CPU per event is printed too: this process's (process.cpuUsage) and the database's client
 * backends' (/proc/<pid>/schedstat, when the server runs on this machine). For reading, a plain
 * cursor SELECT of the whole log. `--scenarios 2,3` runs only those rows, `--sides zaitaku` one side
 * (for `node --cpu-prof`). Prints a Markdown table for docs/benchmarks.md. Uses DATABASE_URL's
 * server when set, otherwise an embedded PostgreSQL; either way in a scratch database (`--database`,
 * default `zaitaku_bench`) that it recreates: give concurrent runs distinct names.
 */
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore, type NewEvent } from '#event-store';
import { systemClock } from '#platform';
import { benchArgs, benchDatabase } from './bench-database.ts';
import { cursorReadAll, storeReadAll } from './bench-read-baseline.ts';

interface Result {
  readonly events: number;
  readonly seconds: number;
  readonly latencies: number[];
  /** CPU time of this process (all of node: our code, pg's serialisation, promises, GC). */
  readonly clientCpuMicros?: number;
  /** Of which in the kernel (socket writes and reads). */
  readonly clientSystemMicros?: number;
  /** CPU time of the scratch database's backends (/proc/<pid>/schedstat; absent for a remote server). */
  readonly serverCpuMicros?: number;
}

const args = benchArgs();
const TOTAL = Number(args.get('events') ?? 100_000);
const SIZE = Number(args.get('size') ?? 1_000);
const DATABASE = args.get('database') ?? 'zaitaku_bench';
const ROUNDS = 4;
/** Appends per side before the measured rounds of a scenario. */
const WARMUP = Number(args.get('warmup') ?? 400);
/** `--scenarios 2,3`: only the 8- and 32-writer rows (numbers as in the table, 1–4). */
/** `--sides zaitaku` (or `insert`, `transaction`, `direct`): run only those sides, e.g. under `node --cpu-prof`. */
const SIDES = new Set((args.get('sides') ?? 'zaitaku,insert,transaction,direct').split(','));
const SCENARIOS = args.has('scenarios') ? new Set(args.get('scenarios')!.split(',').map(Number)) : undefined;
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
  const cpuRows: string[] = [];
  const directRows: string[] = [];
  for (const [n, label, writers, hot] of [
    [1, '1 writer, distinct streams', 1, false],
    [2, '8 writers, distinct streams', 8, false],
    [3, '32 writers, distinct streams', 32, false],
    [4, '8 writers, one hot stream', 8, true],
  ] as const) {
    if (SCENARIOS && !SCENARIOS.has(n)) continue;
    // Alternate rounds so that drift (caches, autovacuum, the other core's load) hits both sides alike.
    const ours: Result[] = [];
    const base: Result[] = [];
    const tx: Result[] = [];
    const direct: Result[] = [];
    const sides: [string, Result[], (round: number, w: number, i: number) => Promise<unknown>][] = [
      [
        'zaitaku',
        ours,
        (round, w, i) =>
          store.append(hot ? 'bench-hot' : `bench-s${n}r${round}w${w}x${i}`, [benchEvent(i)], {
            expectedRevision: 'any',
          }),
      ],
      [
        'insert',
        base,
        (round, w, i) =>
          baselineInsert(raw, hot ? 'baseline-hot' : `baseline-s${n}r${round}w${w}x${i}`, hot, i),
      ],
      [
        'transaction',
        tx,
        (round, w, i) =>
          baselineTransaction(raw, hot ? 'baseline-hot' : `baseline-t${n}r${round}w${w}x${i}`, hot, i),
      ],
      [
        'direct',
        direct,
        (round, w, i) => directAppend(raw, hot ? 'direct-hot' : `direct-s${n}r${round}w${w}x${i}`, i),
      ],
    ];
    // Warm every side up first (connections opened, statements prepared, function compiled in each
    // backend): otherwise the first round of a side whose pool is still cold pays for it.
    for (const [side, , append] of sides)
      if (SIDES.has(side)) await runWriters(raw, WARMUP, writers, (w, i) => append(-1, w, i));
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with another side, so that no side always follows the same one.
      for (let k = 0; k < sides.length; k++) {
        const [side, results, append] = sides[(round + k) % sides.length]!;
        if (SIDES.has(side))
          results.push(await runWriters(raw, TOTAL / ROUNDS, writers, (w, i) => append(round, w, i)));
      }
    }
    if (ours.length === 0 || base.length === 0 || tx.length === 0 || direct.length === 0) continue;
    rows.push(row(`append: ${label}`, combine(ours), combine(base), combine(tx)));
    directRows.push(directRow(`append: ${label}`, combine(ours), combine(direct), combine(base)));
    cpuRows.push(cpuRow(`append: ${label}`, combine(ours), combine(direct), combine(base)));
  }
  if (SIDES.size < 3) {
    // A profiling run of one side: no read, no table.
    await Promise.all([store.close(), raw.end()]);
    return stop();
  }
  const oursRead = await timed(() => storeReadAll(store));
  const baseRead = await timed(() => cursorReadAll(raw, 'baseline'));
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
  console.log(
    '\nThe same SQL function called straight from pg (prepared, payload from a template, no validation, canonical JSON, hashing or group commit): store / direct is what the store adds in Node.\n',
  );
  console.log(
    '| scenario | Zaitaku events/s | append_events direct events/s | p50 ms | p99 ms | Zaitaku / direct | direct / INSERT |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const line of directRows) console.log(line);
  console.log(
    "\nCPU per event (µs), same rounds: client = this node process (of which in the kernel), server = the scratch database's client backends.\n",
  );
  console.log(
    '| scenario | Zaitaku client (kernel) | server | total | direct client (kernel) | server | total | INSERT client (kernel) | server | total | INSERT / Zaitaku (totals) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const line of cpuRows) console.log(line);
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

/** Not a real content hash: this side measures the SQL function's cost, not the chain's truth. */
const DIRECT_CONTENT_HASH = 'ab'.repeat(32);
const metaJson = JSON.stringify(meta);

/**
 * event_store.append_events called straight from pg as the store calls it (named, prepared), with the
 * least client work: the payload from a template, no validation, canonical JSON or hashing, no group
 * commit. Store / direct is what the store's Node side costs; direct / INSERT what the function costs.
 */
async function directAppend(raw: pg.Pool, streamId: string, i: number): Promise<unknown> {
  const payload = `[{"id":"${uuidv7()}","type":"BenchmarkRecorded","schemaVersion":1,"contentHash":"${DIRECT_CONTENT_HASH}","data":${JSON.stringify({ filler, i })},"metadata":${metaJson}}]`;
  return raw.query({
    name: 'bench.append_events',
    text: 'SELECT * FROM event_store.append_events($1, $2, $3, $4::jsonb, $5)',
    values: [streamId, 'direct', 'any', payload, new Date()],
  });
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

async function runWriters(
  raw: pg.Pool,
  total: number,
  writers: number,
  append: (w: number, i: number) => Promise<unknown>,
): Promise<Result> {
  const latencies: number[] = [];
  const perWriter = Math.ceil(total / writers);
  const serverBefore = await backendCpu(raw);
  const cpuBefore = process.cpuUsage();
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
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = await backendCpu(raw);
  let serverCpuMicros: number | undefined;
  if (serverBefore && serverAfter) {
    serverCpuMicros = 0;
    for (const [pid, ns] of serverAfter) serverCpuMicros += (ns - (serverBefore.get(pid) ?? 0)) / 1e3;
  }
  return {
    events: perWriter * writers,
    seconds,
    latencies,
    clientCpuMicros: cpu.user + cpu.system,
    clientSystemMicros: cpu.system,
    ...(serverCpuMicros === undefined ? {} : { serverCpuMicros }),
  };
}

/**
 * Run time (ns) of each client backend connected to the scratch database, from /proc/<pid>/schedstat:
 * readable when the server runs on this machine, undefined otherwise. A backend that exits during a
 * round takes its time with it (the pools keep theirs open while busy). Autovacuum workers are left
 * out: they clean up after every side and would be charged to whichever round they happen to run in.
 */
async function backendCpu(raw: pg.Pool): Promise<Map<number, number> | undefined> {
  const { rows } = await raw.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'",
  );
  const times = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      const text = await readFile(`/proc/${pid}/schedstat`, 'utf8').catch(() => undefined);
      if (text !== undefined) times.set(pid, Number(text.split(' ')[0]));
    }
  } catch {
    return undefined;
  }
  return times.size > 0 ? times : undefined;
}

async function timed(fn: () => Promise<number>): Promise<Result> {
  const started = process.hrtime.bigint();
  const events = await fn();
  return { events, seconds: Number(process.hrtime.bigint() - started) / 1e9, latencies: [] };
}

function combine(results: readonly Result[]): Result {
  const sum = (f: (r: Result) => number | undefined) =>
    results.every((r) => f(r) !== undefined) ? results.reduce((total, r) => total + f(r)!, 0) : undefined;
  const clientCpuMicros = sum((r) => r.clientCpuMicros);
  const serverCpuMicros = sum((r) => r.serverCpuMicros);
  const clientSystemMicros = sum((r) => r.clientSystemMicros);
  return {
    events: results.reduce((total, r) => total + r.events, 0),
    seconds: results.reduce((total, r) => total + r.seconds, 0),
    latencies: results.flatMap((r) => r.latencies),
    ...(clientCpuMicros === undefined ? {} : { clientCpuMicros }),
    ...(clientSystemMicros === undefined ? {} : { clientSystemMicros }),
    ...(serverCpuMicros === undefined ? {} : { serverCpuMicros }),
  };
}

/** Client (of which kernel), server and total CPU µs per event of each side, and INSERT's total over ours. */
function cpuRow(label: string, ours: Result, direct: Result, base: Result): string {
  const cells = (r: Result) => {
    if (r.clientCpuMicros === undefined) return { text: '– | – | –', total: undefined };
    const client = r.clientCpuMicros / r.events;
    const system = (r.clientSystemMicros ?? 0) / r.events;
    const server = r.serverCpuMicros === undefined ? undefined : r.serverCpuMicros / r.events;
    const total = server === undefined ? undefined : client + server;
    const text = `${client.toFixed(1)} (${system.toFixed(1)}) | ${server?.toFixed(1) ?? '–'} | ${total?.toFixed(1) ?? '–'}`;
    return { text, total };
  };
  const o = cells(ours);
  const b = cells(base);
  const ratio = o.total && b.total ? (b.total / o.total).toFixed(2) : '–';
  return `| ${label} | ${o.text} | ${cells(direct).text} | ${b.text} | ${ratio} |`;
}

function directRow(label: string, ours: Result, direct: Result, base: Result): string {
  const rate = (r: Result) => r.events / r.seconds;
  const pct = (p: number) => percentile(direct.latencies, p).toFixed(2);
  return `| ${label} | ${Math.round(rate(ours))} | ${Math.round(rate(direct))} | ${pct(50)} | ${pct(99)} | ${(rate(ours) / rate(direct)).toFixed(2)} | ${(rate(direct) / rate(base)).toFixed(2)} |`;
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
