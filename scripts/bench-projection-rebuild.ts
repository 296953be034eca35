/**
 * `npm run bench:rebuild [-- --events 100000 --rounds 2]`
 *
 * Measures `projections rebuild` of the real read models (READ_MODEL_PROJECTORS) against a baseline of
 * raw reading in the same run, on the same server: a plain `pg` cursor SELECT of the whole events table
 * (`FETCH 1000`); for reference the store's own readAll pages, and the worker's way of rebuilding (reset,
 * then the live ProjectionRunner from position 0, batches of 1,000). The log is the subsidy log of the
 * tests (trainings, applications at every stage, a budget) decided by the domain's deciders for as
 * many hospitals as it takes to reach `--events`, each stream written in one multi-event append.
 * Rounds alternate baseline and rebuilds so that drift hits both alike. Prints a Markdown table for
 * docs/benchmarks.md. Uses DATABASE_URL's server when set, otherwise an embedded PostgreSQL; either way
 * in a scratch database `zaitaku_bench_rebuild` that it recreates.
 */
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { PostgresEventStore } from '#event-store';
import { systemClock } from '#platform';
import { CHECKPOINTS_TABLE, openReadModelDataSource, READ_MODEL_PROJECTORS } from '#projections';
import { rebuildProjection, verifyProjection } from '../libs/projections/src/rebuild/projection-rebuild.ts';
import { appendSubsidyLog, decideSubsidyLog, runLiveUntil } from '#projections-testing';
import { benchArgs, benchDatabase } from './bench-database.ts';
import { combine, cursorReadAll, storeReadAll, timed, type Measured } from './bench-read-baseline.ts';

const args = benchArgs();
const TARGET = Number(args.get('events') ?? 100_000);
const ROUNDS = Number(args.get('rounds') ?? 2);

async function main(): Promise<void> {
  const { url, stop } = await benchDatabase('zaitaku_bench_rebuild');
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
    const written = await appendSubsidyLog(store, 'bench', hospitals);
    console.error(
      `${written.events} events of ${hospitals} hospitals written in ${((performance.now() - setup) / 1000).toFixed(1)} s`,
    );
    while ((await store.headPosition()) < written.position) await new Promise((r) => setTimeout(r, 100));
    const total = written.events;

    const rawRead: Measured[] = [];
    const storeRead: Measured[] = [];
    const rebuilt = new Map<string, Measured & { applied: number }>();
    const caughtUp = new Map<string, Measured>();
    for (let round = 0; round < ROUNDS; round++) {
      rawRead.push(await timed(() => cursorReadAll(raw, 'event_store.events')));
      storeRead.push(await timed(() => storeReadAll(store)));
      for (const projector of READ_MODEL_PROJECTORS) {
        // The worker's own way, for comparison: reset, then the live runner from position 0.
        await dataSource.transaction(async (manager) => {
          await projector.reset(manager);
          await manager.query(`DELETE FROM ${CHECKPOINTS_TABLE} WHERE name = $1`, [projector.name]);
        });
        const runner = await timed(async () => {
          await runLiveUntil({ store, dataSource }, [projector], written.position, 1_000, 3_600_000);
          return total;
        });
        caughtUp.set(
          projector.name,
          combine([caughtUp.get(projector.name) ?? { events: 0, seconds: 0 }, runner]),
        );
        const report = await rebuildProjection({ url, store, projector, totalEvents: total });
        const sum = rebuilt.get(projector.name) ?? { events: 0, seconds: 0, applied: 0 };
        rebuilt.set(projector.name, {
          events: sum.events + report.events,
          seconds: sum.seconds + report.seconds,
          applied: sum.applied + report.applied,
        });
      }
    }
    // Once, after the rebuilds: every projection rebuilt in its shadow and compared with live.
    const verified = await timed(async () => {
      for (const projector of READ_MODEL_PROJECTORS) {
        const report = await verifyProjection({ url, store, projector });
        if (!report.identical) throw new Error(`${projector.name}: verify found differences`);
      }
      return total;
    });

    const perRound = (m: Measured): Measured => ({ events: m.events / ROUNDS, seconds: m.seconds / ROUNDS });
    const base = rate(perRound(combine(rawRead)));
    const line = (label: string, m: Measured, applied = '–') =>
      `| ${label} | ${m.events} | ${applied} | ${m.seconds.toFixed(2)} | ${Math.round(rate(m))} | ${(rate(m) / base).toFixed(3)} |`;
    const everything = combine([...rebuilt.values()]);
    console.log(
      `\nPostgreSQL ${server}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}`,
    );
    console.log(`${total} events (${hospitals} hospitals), ${ROUNDS} rounds, figures per round\n`);
    console.log('| what | events read | applied | seconds | events/s | ratio to raw read |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(
      line('baseline: pg cursor SELECT of event_store.events (FETCH 1000)', perRound(combine(rawRead))),
    );
    console.log(line('store.readAll, pages of 1,000', perRound(combine(storeRead))));
    for (const [name, m] of rebuilt) {
      console.log(line(`live runner from 0: ${name}`, perRound(caughtUp.get(name)!)));
      console.log(line(`rebuild ${name}`, perRound(m), String(m.applied / ROUNDS)));
    }
    // The whole rebuild (what `projections rebuild` does): log events per second of the four rebuilds.
    console.log(
      line(
        'rebuild all four, one after another (log events)',
        perRound({ events: total * ROUNDS, seconds: everything.seconds }),
      ),
    );
    console.log(line('verify all four (log events; one round)', verified));
  } finally {
    await raw.end();
    await dataSource.destroy();
    await store.close();
    await stop();
  }
}

const rate = (m: Measured) => m.events / m.seconds;

await main();
