/**
 * `npm run bench:history-export [-- --events 1000000 --rounds 2]`
 *
 * Appends `--events` small events (multi-event appends of 5,000, two appenders) to a scratch database
 * `zaitaku_bench_history` (DATABASE_URL's server, or the embedded PostgreSQL), then exports the whole log
 * as CSV to /dev/null through writeHistory(readHistory(…)), as the api's export routes do, and compares
 * with a baseline in the same run: a raw `pg` cursor SELECT of the same rows written as the same CSV
 * lines. Rounds alternate between the two. Memory (RSS and V8 heap in use) is sampled every 10 ms
 * during each export. Prints a Markdown table for docs/benchmarks.md.
 */
import { createWriteStream } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { csvField, PostgresEventStore, readHistory, writeHistory, type NewEvent } from '#event-store';
import { systemClock } from '#platform';
import { benchArgs, benchDatabase } from './bench-database.ts';

const args = benchArgs();
const TOTAL = Number(args.get('events') ?? 1_000_000);
const ROUNDS = Number(args.get('rounds') ?? 2);
const PER_APPEND = 5_000;
const APPENDERS = 2;
const MiB = 2 ** 20;

interface Run {
  readonly events: number;
  readonly seconds: number;
  /** Before the export, and the highest sample during it (bytes). */
  readonly rss: readonly [number, number];
  readonly heap: readonly [number, number];
}

async function main(): Promise<void> {
  const { url, stop } = await benchDatabase('zaitaku_bench_history');
  const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock, poolSize: 4 });
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const server = (await raw.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;

  const setup = process.hrtime.bigint();
  const appends = Math.ceil(TOTAL / PER_APPEND);
  let next = 0;
  let last = 0n;
  await Promise.all(
    Array.from({ length: APPENDERS }, async () => {
      for (let n = next++; n < appends; n = next++) {
        const count = Math.min(PER_APPEND, TOTAL - n * PER_APPEND);
        const result = await store.append(
          `bench-${n}`,
          Array.from({ length: count }, (_, i) => smallEvent(n, i)),
          {
            expectedRevision: 'no_stream',
          },
        );
        if (result.position > last) last = result.position;
      }
    }),
  );
  while ((await store.headPosition()) < last) await new Promise((resolve) => setTimeout(resolve, 50));
  const setupSeconds = Number(process.hrtime.bigint() - setup) / 1e9;
  await raw.query('VACUUM ANALYZE event_store.events');
  console.log(
    `appended ${TOTAL} events in ${setupSeconds.toFixed(1)} s (${Math.round(TOTAL / setupSeconds)} events/s)`,
  );

  const ours: Run[] = [];
  const base: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(await measure((out) => writeHistory(readHistory(store, {}), 'csv', out)));
    base.push(await measure((out) => cursorCsv(raw, out)));
    console.log(
      `round ${round + 1}: ${line('writeHistory', ours.at(-1)!)} / ${line('baseline', base.at(-1)!)}`,
    );
  }
  for (const run of [...ours, ...base]) {
    if (run.events !== TOTAL) throw new Error(`exported ${run.events} events, expected ${TOTAL}`);
  }

  console.log(
    `\nPostgreSQL ${server}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}`,
  );
  console.log(
    `${TOTAL} events; export of the whole log as CSV to /dev/null; ${ROUNDS} rounds each, alternating\n`,
  );
  console.log(
    '| export | events/s | RSS before MiB | peak RSS MiB | growth | heap before MiB | peak heap MiB | growth |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(row('writeHistory(readHistory(store, {}), "csv")', ours));
  console.log(row('baseline: pg cursor SELECT → CSV lines', base));
  console.log(`\nratio (events/s): ${(rate(ours) / rate(base)).toFixed(2)}`);
  await store.close();
  await raw.end();
  await stop();
}

/** ~150 bytes of data and metadata, with Japanese text (UTF-8 and CSV quoting both exercised). */
function smallEvent(n: number, i: number): NewEvent {
  return {
    id: uuidv7(),
    type: 'VisitRecorded',
    data: { i, 区市町村: '八王子市', 訪問: n % 7, amountYen: 1200 + i },
    metadata: { actorId: `staff-${i % 50}`, actorRole: 'caseworker', correlationId: `bench-${n}` },
  };
}

/** The baseline: the same rows and the same CSV cells, from a plain cursor, without the store's API. */
async function cursorCsv(raw: pg.Pool, out: Writable): Promise<number> {
  const client = await raw.connect();
  let n = 0;
  try {
    await client.query('BEGIN');
    await client.query(`DECLARE log CURSOR FOR
      SELECT global_position::text AS position, stream_id, revision, event_type, schema_version, recorded_at,
             metadata, event_id, data, encode(hash, 'hex') AS hash
      FROM event_store.events ORDER BY global_position`);
    await write(
      out,
      '\uFEFF位置,ストリーム,版,イベント,スキーマ版,記録日時(JST),実行者ID,役割,理由,相関ID,原因ID,イベントID,データ(JSON),ハッシュ\r\n',
    );
    for (;;) {
      const { rows } = await client.query('FETCH 1000 FROM log');
      for (const r of rows) {
        const jst = `${new Date(r.recorded_at.getTime() + 9 * 3_600_000).toISOString().slice(0, 23)}+09:00`;
        const m = r.metadata;
        const cells = [
          r.position,
          r.stream_id,
          String(r.revision),
          r.event_type,
          String(r.schema_version),
          jst,
          m.actorId,
          m.actorRole,
          m.reason ?? '',
          m.correlationId,
          m.causationId ?? '',
          r.event_id,
          JSON.stringify(r.data),
          r.hash,
        ];
        await write(out, `${cells.map(csvField).join(',')}\r\n`);
        n++;
      }
      if (rows.length < 1000) break;
    }
    await client.query('COMMIT');
    return n;
  } finally {
    client.release();
  }
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
}

async function measure(exportTo: (out: Writable) => Promise<number>): Promise<Run> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = (): void => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const sampler = setInterval(sample, 10);
  const out = createWriteStream('/dev/null');
  const started = process.hrtime.bigint();
  const events = await exportTo(out);
  out.end();
  await finished(out);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  sample();
  return { events, seconds, rss: [before.rss, peakRss], heap: [before.heapUsed, peakHeap] };
}

function rate(runs: readonly Run[]): number {
  return runs.reduce((sum, r) => sum + r.events, 0) / runs.reduce((sum, r) => sum + r.seconds, 0);
}

/** Over the rounds: the highest memory before an export, the highest peak during one, and the largest growth. */
function row(label: string, runs: readonly Run[]): string {
  const max = (pick: (r: Run) => number) => (Math.max(...runs.map(pick)) / MiB).toFixed(0);
  return `| ${label} | ${Math.round(rate(runs))} | ${max((r) => r.rss[0])} | ${max((r) => r.rss[1])} | +${max((r) => r.rss[1] - r.rss[0])} | ${max((r) => r.heap[0])} | ${max((r) => r.heap[1])} | +${max((r) => r.heap[1] - r.heap[0])} |`;
}

function line(label: string, run: Run): string {
  return `${label} ${Math.round(run.events / run.seconds)} events/s, peak RSS ${(run.rss[1] / MiB).toFixed(0)} MiB, peak heap ${(run.heap[1] / MiB).toFixed(0)} MiB`;
}

await main();
