/**
 * `npm run bench:projection-history [-- --history 10000 --events 200 --rounds 3 --projector timelines]`
 *
 * Issue #17: the live cost per event of the recipient × programme timeline projector against the
 * recipient's past. Two hospitals of one programme: `small` with 10 past applications (drafts) and
 * `big` with `--history` of them; then, alternating in `--rounds` rounds, `--events` new drafts for each,
 * one event per transaction (as the live runner applies a quiet log), so that drift hits both alike.
 * The baseline is the small recipient in the same run; the figure is the big one's cost per event
 * relative to it (1.0: the past does not matter). The events are the domain's own DraftApplication
 * event (decided once, then renamed per application), applied straight through the projector's
 * applyBatch on the migrated read model. Uses DATABASE_URL's server when set, otherwise an embedded
 * PostgreSQL; either way in a scratch database `zaitaku_bench_projection_history` that it recreates.
 * `--projector budget-execution` measures that projector instead: the small hospital's drafts are of
 * FY2017, the big one's of FY2016, so its past is also its programme year's (which that read model sums).
 */
import { cpus, loadavg } from 'node:os';
import type { RecordedEvent } from '#event-store';
import type { DataSource } from 'typeorm';
import {
  budgetExecutionProjector,
  findRecipientTimelines,
  openReadModelDataSource,
  recipientProgramTimelinesProjector,
  type Projector,
} from '#projections';
import { decideSubsidyLog } from '#projections-testing';
import {
  DEFAULT_PROGRAM_SCHEDULE,
  recipientProgramTimelineProjection,
  SEED_CATALOGUE,
  type TimelineEvent,
} from '#domain';
import { benchArgs, benchDatabase } from './bench-database.ts';

const args = benchArgs();
const HISTORY = Number(args.get('history') ?? 10_000);
const EVENTS = Number(args.get('events') ?? 200);
const ROUNDS = Number(args.get('rounds') ?? 3);
const SMALL_HISTORY = 10;
const PROJECTOR = args.get('projector') ?? 'timelines';

/** The draft of the subsidy log's first hospital: renamed for each new application. */
const template = [...decideSubsidyLog('bench', 1, false)].find(([streamId]) =>
  streamId.startsWith('application-'),
)![1][0]!;

let position = 0n;
function draft(hospital: string, n: number): RecordedEvent {
  const applicationId = `${hospital}-d${n}`;
  const data = template.data as { recipient: Record<string, unknown> };
  const fiscalYear = hospital === 'small' ? 2017 : 2016;
  position += 1n;
  return {
    id: `bench-${position}`,
    streamId: `application-${applicationId}`,
    revision: 0,
    position,
    type: template.type,
    schemaVersion: 1,
    data: { ...data, applicationId, fiscalYear, recipient: { ...data.recipient, id: hospital } },
    metadata: template.metadata,
    recordedAt: new Date(),
    hash: '',
  };
}

async function main(): Promise<void> {
  const { url, drop } = await benchDatabase('zaitaku_bench_projection_history');
  const dataSource = await openReadModelDataSource({ url });
  const projector: Projector =
    PROJECTOR === 'budget-execution'
      ? budgetExecutionProjector()
      : recipientProgramTimelinesProjector({ catalogue: SEED_CATALOGUE, schedule: DEFAULT_PROGRAM_SCHEDULE });
  const counts = new Map<string, number>();
  const next = (hospital: string) => {
    const n = counts.get(hospital) ?? 0;
    counts.set(hospital, n + 1);
    return draft(hospital, n);
  };
  try {
    const setup = performance.now();
    for (const [hospital, past] of [
      ['small', SMALL_HISTORY],
      ['big', HISTORY],
    ] as const) {
      for (let done = 0; done < past; done += 1_000) {
        const batch = Array.from({ length: Math.min(1_000, past - done) }, () => next(hospital));
        await dataSource.transaction((manager) => projector.applyBatch!(batch, manager));
      }
    }
    console.error(`past written in ${((performance.now() - setup) / 1000).toFixed(1)} s`);
    const seconds = new Map<string, number>([
      ['small', 0],
      ['big', 0],
    ]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const hospital of ['small', 'big']) {
        const started = performance.now();
        for (let i = 0; i < EVENTS; i++) {
          const event = next(hospital);
          await dataSource.transaction((manager) => projector.applyBatch!([event], manager));
        }
        seconds.set(hospital, seconds.get(hospital)! + (performance.now() - started) / 1000);
      }
    }
    const perEvent = (hospital: string) => (seconds.get(hospital)! / (EVENTS * ROUNDS)) * 1000;
    console.log(
      `\n${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; node ${process.version}`,
    );
    console.log(
      `${projector.name}: ${EVENTS} events × ${ROUNDS} rounds per recipient, one event per transaction\n`,
    );
    console.log('| recipient | past events | ms per event | events/s | ratio to 10 past events |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [hospital, past] of [
      ['small', SMALL_HISTORY],
      ['big', HISTORY],
    ] as const) {
      console.log(
        `| ${hospital} | ${past} | ${perEvent(hospital).toFixed(2)} | ${Math.round(1000 / perEvent(hospital))} | ${(perEvent(hospital) / perEvent('small')).toFixed(2)} |`,
      );
    }
    if (PROJECTOR === 'timelines') {
      await readTimelines(dataSource);
      replayTimeline();
    }
  } finally {
    await dataSource.destroy();
    await drop();
  }
}

/** For reference: reading each timeline as GET /recipients/:kind/:id/timeline does (assembled on read). */
async function readTimelines(dataSource: DataSource): Promise<void> {
  console.log('\n| timeline read (findRecipientTimelines) | applications | ms per read |');
  console.log('| --- | ---: | ---: |');
  for (const hospital of ['small', 'big']) {
    const started = performance.now();
    let applications = 0;
    for (let i = 0; i < 3; i++) {
      const [view] = await findRecipientTimelines(
        dataSource.manager,
        { recipientKind: 'hospital', recipientId: hospital },
        {},
      );
      applications = view?.timeline.years.reduce((n, y) => n + y.applications.length, 0) ?? 0;
    }
    console.log(`| ${hospital} | ${applications} | ${((performance.now() - started) / 3).toFixed(1)} |`);
  }
}

/** For reference: the as-of replay of the big hospital's timeline (the domain's project over its drafts). */
function replayTimeline(): void {
  const projection = recipientProgramTimelineProjection(SEED_CATALOGUE, DEFAULT_PROGRAM_SCHEDULE);
  const drafts = Array.from({ length: HISTORY }, (_, n) => draft('big', n)).map((recorded) => ({
    type: recorded.type,
    data: recorded.data,
  }));
  const started = performance.now();
  projection.project('big', 'transition-support', drafts as TimelineEvent[]);
  console.log(
    `\nas-of replay (project) of ${HISTORY} drafts of one hospital: ${(performance.now() - started).toFixed(0)} ms`,
  );
}

await main();
