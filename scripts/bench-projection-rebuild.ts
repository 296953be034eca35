/**
 * `npm run bench:rebuild [-- --events 100000 --rounds 1 --each --runner --verify --database NAME --reuse]`
 *
 * Measures `projections rebuild` of all the real read models (READ_MODEL_PROJECTORS) together, as the
 * command runs it (one shared read of the log, the projectors in parallel, each into its shadow, then
 * the swaps), against a baseline of raw reading in the same run, on the same server: a plain `pg`
 * cursor SELECT of the whole events table (`FETCH 1000`); for reference the store's own readAll pages.
 * Optional, per projector: `--each` rebuilds each projector alone (which one limits), `--runner` the
 * worker's way (reset, then the live ProjectionRunner from position 0, batches of 1,000); `--verify`
 * verifies every projection once at the end (together, as `projections verify` does). The log is the
 * subsidy log of the tests (trainings, applications at every stage, a budget) decided by the domain's
 * deciders for as many hospitals as it takes to reach `--events`, each stream written in one multi-event append, in chunks of 10,000
 * hospitals (memory stays flat at 1,000,000 events). Rounds alternate baseline and rebuilds so that
 * drift hits both alike. Prints a Markdown table for docs/benchmarks.md. Uses DATABASE_URL's server when
 * set, otherwise an embedded PostgreSQL; either way in a scratch database (`--database`, default
 * `zaitaku_bench_rebuild_all`) that it recreates (`--reuse`: keeps it and its log when it exists).
 */
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { PostgresEventStore } from '#event-store';
import { systemClock } from '#platform';
import { CHECKPOINTS_TABLE, openReadModelDataSource, READ_MODEL_PROJECTORS } from '#projections';
import {
  rebuildProjection,
  rebuildProjections,
  verifyProjections,
} from '../libs/projections/src/rebuild/projection-rebuild.ts';
import { appendSubsidyLog, decideSubsidyLog, runLiveUntil } from '#projections-testing';
import { benchArgs, benchDatabase } from './bench-database.ts';
import { combine, cursorReadAll, storeReadAll, timed, type Measured } from './bench-read-baseline.ts';

const args = benchArgs();
const TARGET = Number(args.get('events') ?? 100_000);
const ROUNDS = Number(args.get('rounds') ?? 1);
const EACH = args.has('each');
const RUNNER = args.has('runner');
const VERIFY = args.has('verify');
const DATABASE = args.get('database') || 'zaitaku_bench_rebuild_all';
const BATCH = args.get('batch') ? Number(args.get('batch')) : undefined;
const REUSE = args.has('reuse');
const CHUNK = 10_000;

async function main(): Promise<void> {
  const { url, created, stop } = await benchDatabase(DATABASE, { keep: REUSE });
  const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
  const dataSource = await openReadModelDataSource({ url }); // the read_model schema, migrated
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const server = (await raw.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!
      .v;
    // The log's pattern repeats every 10 hospitals (plus the budget's 2 events): enough hospitals.
    const perTen = [...decideSubsidyLog('size', 10).values()].reduce((n, e) => n + e.length, 0) - 2;
    const hospitals = Math.ceil((TARGET * 10) / perTen);
    const setup = performance.now();
    let total = 0;
    let last = 0n;
    if (!created) {
      // --reuse: the log a previous run wrote (same --events) stays; only the read models are rebuilt.
      total = Number(
        (await raw.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events')).rows[0]!.n,
      );
      last = await store.headPosition();
    }
    for (let from = created ? 0 : hospitals; from < hospitals; from += CHUNK) {
      const chunk = await appendSubsidyLog(
        store,
        `bench${from / CHUNK}`,
        Math.min(CHUNK, hospitals - from),
        8,
        from === 0,
      );
      total += chunk.events;
      if (chunk.position > last) last = chunk.position;
      console.error(`${total} events written (${((performance.now() - setup) / 1000).toFixed(1)} s)`);
    }
    console.error(
      `${total} events of ${hospitals} hospitals written in ${((performance.now() - setup) / 1000).toFixed(1)} s`,
    );
    while ((await store.headPosition()) < last) await new Promise((r) => setTimeout(r, 100));
    await raw.query('VACUUM ANALYZE event_store.events');

    const batch = BATCH === undefined ? {} : { batchSize: BATCH };
    const rawRead: Measured[] = [];
    const storeRead: Measured[] = [];
    const together: Measured[] = [];
    /** CPU seconds of this process (the projectors' JavaScript, TypeORM, pg) during each rebuild of all. */
    const nodeCpu: number[] = [];
    const applied = new Map<string, number>();
    const alone = new Map<string, Measured & { applied: number }>();
    const caughtUp = new Map<string, Measured>();
    for (let round = 0; round < ROUNDS; round++) {
      rawRead.push(await timed(() => cursorReadAll(raw, 'event_store.events')));
      storeRead.push(await timed(() => storeReadAll(store)));
      const cpu = process.cpuUsage();
      together.push(
        await timed(async () => {
          const reports = await rebuildProjections({
            url,
            store,
            projectors: READ_MODEL_PROJECTORS,
            totalEvents: total,
            ...batch,
            onProgress: (p) =>
              console.error(`${p.projection}: ${p.events} events, ${Math.round(p.eventsPerSecond)}/s`),
          });
          for (const r of reports) applied.set(r.projection, r.applied);
          return total;
        }),
      );
      const used = process.cpuUsage(cpu);
      nodeCpu.push((used.user + used.system) / 1e6);
      console.error(`round ${round + 1}: all rebuilt in ${together.at(-1)!.seconds.toFixed(1)} s`);
      for (const projector of EACH || RUNNER ? READ_MODEL_PROJECTORS : []) {
        if (RUNNER) {
          // The worker's own way, for comparison: reset, then the live runner from position 0.
          await dataSource.transaction(async (manager) => {
            await projector.reset(manager);
            await manager.query(`DELETE FROM ${CHECKPOINTS_TABLE} WHERE name = $1`, [projector.name]);
          });
          const runner = await timed(async () => {
            await runLiveUntil({ store, dataSource }, [projector], last, 1_000, 3_600_000);
            return total;
          });
          caughtUp.set(
            projector.name,
            combine([caughtUp.get(projector.name) ?? { events: 0, seconds: 0 }, runner]),
          );
        }
        if (EACH) {
          const report = await rebuildProjection({ url, store, projector, totalEvents: total, ...batch });
          const sum = alone.get(projector.name) ?? { events: 0, seconds: 0, applied: 0 };
          alone.set(projector.name, {
            events: sum.events + report.events,
            seconds: sum.seconds + report.seconds,
            applied: sum.applied + report.applied,
          });
          console.error(`${projector.name} alone: ${report.seconds.toFixed(1)} s`);
        }
      }
    }
    // Once, after the rebuilds: every projection rebuilt in its shadow and compared with live.
    const verified = VERIFY
      ? await timed(async () => {
          const reports = await verifyProjections({
            url,
            store,
            projectors: READ_MODEL_PROJECTORS,
            ...batch,
          });
          const differing = reports.filter((report) => !report.identical).map((r) => r.projection);
          if (differing.length > 0) throw new Error(`verify found differences: ${differing.join(', ')}`);
          return total;
        })
      : undefined;

    const perRound = (m: Measured): Measured => ({ events: m.events / ROUNDS, seconds: m.seconds / ROUNDS });
    const base = rate(perRound(combine(rawRead)));
    const line = (label: string, m: Measured, appliedEvents = '–') =>
      `| ${label} | ${m.events} | ${appliedEvents} | ${m.seconds.toFixed(2)} | ${Math.round(rate(m))} | ${(rate(m) / base).toFixed(3)} |`;
    console.log(
      `\nPostgreSQL ${server}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}`,
    );
    console.log(
      `${total} events (${hospitals} hospitals), ${ROUNDS} rounds, figures per round; rebuild batches of ${BATCH ?? 'the default'}\n`,
    );
    console.log('| what | events read | applied | seconds | events/s | ratio to raw read |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(
      line('baseline: pg cursor SELECT of event_store.events (FETCH 1000)', perRound(combine(rawRead))),
    );
    console.log(line('store.readAll, pages of 1,000', perRound(combine(storeRead))));
    for (const projector of READ_MODEL_PROJECTORS) {
      const name = projector.name;
      if (caughtUp.has(name)) console.log(line(`live runner from 0: ${name}`, perRound(caughtUp.get(name)!)));
      const m = alone.get(name);
      if (m) console.log(line(`rebuild ${name} alone`, perRound(m), String(m.applied / ROUNDS)));
    }
    const all = READ_MODEL_PROJECTORS.length;
    const appliedAll = [...applied.values()].reduce((n, a) => n + a, 0);
    console.log(
      line(
        `**rebuild all ${all} together (one read, in parallel; log events)**`,
        perRound(combine(together)),
        String(appliedAll),
      ),
    );
    const cpuSeconds = nodeCpu.reduce((a, b) => a + b, 0) / ROUNDS;
    console.log(
      `\nrebuild all together: ${cpuSeconds.toFixed(2)} CPU seconds in this process (node) per round, ` +
        `${((100 * cpuSeconds) / perRound(combine(together)).seconds).toFixed(0)} % of one core\n`,
    );
    if (alone.size > 0) {
      console.log(
        line(
          `rebuild all ${all} alone, one after another (sum; log events)`,
          perRound({ events: total * ROUNDS, seconds: combine([...alone.values()]).seconds }),
        ),
      );
    }
    if (verified) console.log(line(`verify all ${all} together (one read; log events; one round)`, verified));
  } finally {
    await raw.end();
    await dataSource.destroy();
    await store.close();
    await stop();
  }
}

const rate = (m: Measured) => m.events / m.seconds;

await main();
