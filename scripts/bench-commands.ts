/**
 * `npm run bench:commands [-- --small 10000 --large 1000000 --runs 200 --reminder-rounds 10 --database zaitaku_bench_commands]`
 *
 * The cost of one command must not grow with the log. Measures, through the one CommandGateway on the
 * PostgreSQL event store: StartReview (with its eligibility lookups by tag), SubmitApplication, and one
 * run of the due-date reminders job (cases found by their due-date tags) on two databases, one with
 * `--small` events in the log and one with `--large` events of other streams (application and training
 * streams of other recipients, tagged as the gateway tags them), sample by sample in alternation so that
 * warm-up and the machine's other load fall on both alike. Beside each command, the strongest simple
 * baseline in the same run: one SELECT of the same stream's rows and one INSERT of the same number of
 * rows into a plain table of the same shape. Prints medians and the large/small ratio.
 */
import { cpus, totalmem } from 'node:os';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { nextApplicationAction, type Actor, type ApplicationCommand } from '#domain';
import { transitionSupportFacts, transitionSupportTerms } from '#domain-testing';
import { PostgresEventStore, type NewEvent } from '#event-store';
import { systemClock } from '#platform';
import { dueDateRemindersJob, runIdOf } from '#scheduling';
import { createCommandGateway, EVENT_TAGS } from '#workflow';
import { benchArgs, benchDatabase } from './bench-database.ts';

const args = benchArgs();
const SMALL = Number(args.get('small') ?? 10_000);
const LARGE = Number(args.get('large') ?? 1_000_000);
const RUNS = Number(args.get('runs') ?? 200);
const DATABASE = args.get('database') ?? 'zaitaku_bench_commands';
const DUE_CASES = 20;
/** Rounds of the reminders job's three days: the first sends the reminders, later ones find them sent. */
const REMINDER_ROUNDS = Number(args.get('reminder-rounds') ?? 10);
const meta = { actorId: 'bench', actorRole: 'system', correlationId: randomUUID() };
const caseworker: Actor = { id: 'cw-bench', role: 'caseworker' };
const approver: Actor = { id: 'ap-bench', role: 'approver' };

type Phase = 'small' | 'large';
const timings: Record<string, Record<Phase, number[]>> = {};

function record(name: string, phase: Phase | undefined, ms: number): void {
  if (phase) (timings[name] ??= { small: [], large: [] })[phase].push(ms);
}

/** Times `run` into the phase's figures; with no phase (the warm-up), only runs it. */
async function timed<T>(name: string, phase: Phase | undefined, run: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await run();
  record(name, phase, Number(process.hrtime.bigint() - start) / 1e6);
  return result;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Side {
  readonly phase: Phase;
  readonly store: PostgresEventStore;
  readonly raw: pg.Pool;
  readonly gateway: ReturnType<typeof createCommandGateway>;
  readonly drop: () => Promise<void>;
}

interface BenchCase {
  readonly applicationId: string;
  readonly applicant: Actor;
}

const at = (fiscalYear: number, monthDay: string) => new Date(`${fiscalYear}-${monthDay}T10:00:00+09:00`);
const FISCAL_YEAR = 2016;

/** A scratch database filled to `events` events of other streams (8 writers, 100 per stream), settled. */
async function openSide(phase: Phase, events: number): Promise<Side> {
  const { url, drop } = await benchDatabase(`${DATABASE}_${phase}`);
  const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock, poolSize: 16 });
  const raw = new pg.Pool({ connectionString: url, max: 4 });
  await raw.query('CREATE TABLE baseline (LIKE event_store.events INCLUDING ALL)');
  const perStream = 100;
  const queue: number[] = [];
  for (let n = 0; n < events; n += perStream) queue.push(n);
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
        const batch = Array.from({ length: Math.min(perStream, events - n) }, (_, i) => fillerEvent(n + i));
        const category = (n / perStream) % 2 === 0 ? 'application' : 'training';
        await store.append(`${category}-filler${n}`, batch, { expectedRevision: 'no_stream' });
      }
    }),
  );
  // A settled database: statistics current, no autovacuum catching up mid-run.
  await raw.query('VACUUM ANALYZE');
  await raw.query('CHECKPOINT');
  return { phase, store, raw, gateway: createCommandGateway(store), drop };
}

const send = (side: Side, applicationId: string, command: ApplicationCommand) =>
  side.gateway.send('application', applicationId, command, { metadata: { correlationId: 'bench' } });

/** A case taken to Draft through the gateway (every case its own stream; one institution per side). */
async function draftCase(side: Side, recipientId: string): Promise<BenchCase> {
  const applicationId = `bench-${randomUUID()}`;
  const applicant: Actor = { id: `staff-${recipientId}`, role: 'institution', institutionId: recipientId };
  const terms = transitionSupportTerms({
    applicationId,
    fiscalYear: FISCAL_YEAR,
    recipient: { kind: 'hospital', id: recipientId, municipalityCode: '131016' },
  });
  await send(side, applicationId, {
    type: 'DraftApplication',
    data: terms,
    actor: applicant,
    at: at(FISCAL_YEAR, '04-05'),
  });
  return { applicationId, applicant };
}

const submit = (side: Side, c: BenchCase) =>
  send(side, c.applicationId, {
    type: 'SubmitApplication',
    data: {},
    actor: c.applicant,
    at: at(FISCAL_YEAR, '04-10'),
  });
const review = (side: Side, c: BenchCase) =>
  send(side, c.applicationId, {
    type: 'StartReview',
    data: { facts: transitionSupportFacts },
    actor: caseworker,
    at: at(FISCAL_YEAR, '04-15'),
  });

let baselineRows = 0;

/** The strongest simple baseline: the same stream's rows in one SELECT, one INSERT of the row a command writes. */
async function baseline(side: Side, c: BenchCase): Promise<void> {
  await side.raw.query('SELECT * FROM event_store.events WHERE stream_id = $1 ORDER BY revision', [
    `application-${c.applicationId}`,
  ]);
  await side.raw.query(
    `INSERT INTO baseline (global_position, event_id, stream_id, category, revision, event_type, schema_version, data, metadata, recorded_at, hash)
     VALUES ($4, $1, $2, 'application', 99, 'ApplicationSubmitted', 1, '{}', $3, now(), '\\x00')`,
    [randomUUID(), `application-${c.applicationId}`, JSON.stringify(meta), (baselineRows += 1)],
  );
}

/**
 * Runs `sample(side, i)` for i = 0…n−1 on both sides, alternating which side goes first, so that the
 * warm-up, the machine's other load and anything that drifts over the run fall on both alike.
 */
async function interleaved(
  name: string | undefined,
  sides: readonly [Side, Side],
  n: number,
  sample: (side: Side, i: number) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    for (const side of i % 2 === 0 ? sides : [sides[1], sides[0]]) {
      if (name === undefined) await sample(side, i);
      else await timed(name, side.phase, () => sample(side, i));
    }
  }
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const small = await openSide('small', SMALL);
  const large = await openSide('large', LARGE);
  console.error(`filled ${SMALL} and ${LARGE} events in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const sides = [small, large] as const;
  const server = (await small.raw.query<{ v: string }>("SELECT current_setting('server_version') AS v"))
    .rows[0]!.v;
  const institution = `hosp-bench-${randomUUID().slice(0, 8)}`;
  const casesOf = async (side: Side, n: number) => {
    const cases: BenchCase[] = [];
    for (let i = 0; i < n; i++) cases.push(await draftCase(side, institution));
    return cases;
  };
  // Cases for every sample (and a warm-up's worth) on both sides, before anything is timed.
  const warm = Math.min(RUNS, 20);
  const drafted = new Map<Phase, BenchCase[]>();
  for (const side of sides) drafted.set(side.phase, await casesOf(side, (warm + RUNS) * 2));
  const casesFor = (side: Side) => drafted.get(side.phase)!;
  // Warm-up: the same commands on both sides, not timed.
  await interleaved(undefined, sides, warm, (side, i) => submit(side, casesFor(side)[i]!));
  await interleaved(undefined, sides, warm, async (side, i) => review(side, casesFor(side)[i]!));
  // Measured, sample by sample on both sides.
  const first = (side: Side, i: number) => casesFor(side)[warm + i]!;
  const second = (side: Side, i: number) => casesFor(side)[warm * 2 + RUNS + i]!;
  await interleaved('SubmitApplication', sides, RUNS, (side, i) => submit(side, first(side, i)));
  for (const side of sides) for (let i = 0; i < RUNS; i++) await submit(side, second(side, i));
  await interleaved('StartReview', sides, RUNS, (side, i) => review(side, second(side, i)));
  await interleaved('baseline: SELECT stream + INSERT 1 row', sides, RUNS, (side, i) =>
    baseline(side, first(side, i)),
  );
  // Reminders: DUE_CASES granted cases due the same day on each side; the job for a week before, the
  // day and the day after, in rounds (the first sends the reminders, later ones find them sent).
  let dueDate = '';
  for (const side of sides) {
    for (let i = 0; i < DUE_CASES; i++) {
      const c = await draftCase(side, `hosp-due-${i}`);
      await submit(side, c);
      await review(side, c);
      const granted = await send(side, c.applicationId, {
        type: 'DecideGrant',
        data: {},
        actor: approver,
        at: at(FISCAL_YEAR, '05-01'),
      });
      dueDate = nextApplicationAction(granted.state.state)?.dueDate ?? '';
    }
  }
  const jobs = new Map(
    sides.map((side) => [side.phase, dueDateRemindersJob({ store: side.store, gateway: side.gateway })]),
  );
  const days = [7, 0, -1].map((offset) => {
    const day = new Date(`${dueDate}T08:00:00+09:00`);
    day.setUTCDate(day.getUTCDate() - offset);
    return day;
  });
  await interleaved('due-date reminders (one run)', sides, REMINDER_ROUNDS * days.length, (side, i) => {
    const job = jobs.get(side.phase)!;
    const day = days[i % days.length]!;
    return job.run({
      scheduledFor: day,
      runId: runIdOf(job.name, day),
      attempt: Math.floor(i / days.length) + 1,
    });
  });
  for (const side of sides) {
    const sent = await side.store.readCategory('dueDateReminders', {
      consistency: 'committed',
      maxCount: 10_000,
    });
    if (sent.length === 0) throw new Error('the reminders job found no case: the benchmark measured nothing');
  }
  const count = async (side: Side, table: string) =>
    Number(
      (await side.raw.query<{ n: string }>(`SELECT count(*) AS n FROM event_store.${table}`)).rows[0]!.n,
    );

  console.log(
    `\nbench:commands — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${server}`,
  );
  console.log(
    `two databases measured sample by sample in alternation: ${(await count(small, 'events')).toLocaleString('en')} events (${(await count(small, 'event_tags')).toLocaleString('en')} tags) and ${(await count(large, 'events')).toLocaleString('en')} events (${(await count(large, 'event_tags')).toLocaleString('en')} tags); ${RUNS} samples per command, reminders ${REMINDER_ROUNDS} rounds × 3 days × ${DUE_CASES} cases due\n`,
  );
  console.log(
    `| measure | median ms, ${SMALL.toLocaleString('en')} events | median ms, ${LARGE.toLocaleString('en')} events | ratio |`,
  );
  console.log('| --- | ---: | ---: | ---: |');
  let worst = 0;
  for (const [name, { small: a, large: b }] of Object.entries(timings)) {
    const ratio = median(b) / median(a);
    if (!name.startsWith('baseline')) worst = Math.max(worst, ratio);
    console.log(`| ${name} | ${median(a).toFixed(2)} | ${median(b).toFixed(2)} | ${ratio.toFixed(2)} |`);
  }
  console.log(
    `\nworst command ratio ${worst.toFixed(2)} (flat means within 1.2×): ${worst <= 1.2 ? 'FLAT' : 'NOT FLAT'}`,
  );
  for (const side of sides) {
    await side.raw.end();
    await side.store.close();
  }
  for (const side of sides) await side.drop();
}

/** An event of another recipient's stream, tagged as the gateway tags such events (other keys, other dates). */
function fillerEvent(n: number): NewEvent {
  const day = String((n % 28) + 1).padStart(2, '0');
  return {
    id: uuidv7(),
    type: n % 2 === 0 ? 'GrantDecided' : 'TrainingCompleted',
    data: { filler: n, recipient: { id: `filler-${n % 50_000}` }, payload: 'x'.repeat(200) },
    metadata: meta,
    tags: [
      n % 2 === 0
        ? EVENT_TAGS.grantDecidedFor(`filler-${n % 50_000}`)
        : EVENT_TAGS.trainingCompletedAt(`filler-${n % 50_000}`),
      EVENT_TAGS.applicationDueOn(`2031-${String((n % 12) + 1).padStart(2, '0')}-${day}`),
    ],
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
