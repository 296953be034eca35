/**
 * `npm run bench:commands [-- --small 10000 --large 1000000 --runs 40 --database zaitaku_bench_commands]`
 *
 * The cost of one command must not grow with the log. Measures, through the one CommandGateway on the
 * PostgreSQL event store: StartReview (with its eligibility lookups by tag), SubmitApplication, and one
 * run of the due-date reminders job (cases found by their due-date tags), first with `--small` events
 * in the log, then again after filling it to `--large` events of other streams (application and
 * training streams of other recipients, tagged as the gateway tags them). Beside each command, the
 * strongest simple baseline in the same run: one SELECT of the same stream's rows and one INSERT of the
 * same number of rows into a plain table of the same shape. Prints medians and the large/small ratio.
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
const RUNS = Number(args.get('runs') ?? 40);
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

async function main(): Promise<void> {
  const { url, drop } = await benchDatabase(DATABASE);
  const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock, poolSize: 16 });
  const raw = new pg.Pool({ connectionString: url, max: 4 });
  await raw.query('CREATE TABLE baseline (LIKE event_store.events INCLUDING ALL)');
  const server = (await raw.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  const gateway = createCommandGateway(store);
  const institution = `hosp-bench-${randomUUID().slice(0, 8)}`;
  let filled = 0;

  const fill = async (target: number) => {
    const perStream = 100;
    const queue: number[] = [];
    for (let n = filled; n < target; n += perStream) queue.push(n);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
          const events = Array.from({ length: Math.min(perStream, target - n) }, (_, i) =>
            fillerEvent(n + i),
          );
          const category = (n / perStream) % 2 === 0 ? 'application' : 'training';
          await store.append(`${category}-filler${n}`, events, { expectedRevision: 'no_stream' });
        }
      }),
    );
    filled = target;
    // Both phases measure a settled database: statistics current, no autovacuum catching up mid-run.
    await raw.query('VACUUM ANALYZE');
    await raw.query('CHECKPOINT');
  };

  // Cases taken to the stage each command needs, through the gateway, before each phase is measured.
  const draftCase = async (fiscalYear: number, recipientId: string) => {
    const applicationId = `bench-${randomUUID()}`;
    const applicant: Actor = { id: `staff-${recipientId}`, role: 'institution', institutionId: recipientId };
    const at = new Date(`${fiscalYear}-04-05T10:00:00+09:00`);
    const terms = transitionSupportTerms({
      applicationId,
      fiscalYear,
      recipient: { kind: 'hospital', id: recipientId, municipalityCode: '131016' },
    });
    await send(applicationId, { type: 'DraftApplication', data: terms, actor: applicant, at });
    return { applicationId, applicant, fiscalYear };
  };
  const send = (applicationId: string, command: ApplicationCommand) =>
    gateway.send('application', applicationId, command, { metadata: { correlationId: 'bench' } });
  const at = (fiscalYear: number, monthDay: string) => new Date(`${fiscalYear}-${monthDay}T10:00:00+09:00`);

  const measure = async (phase: Phase | undefined, fiscalYear: number) => {
    // SubmitApplication and StartReview, each on its own case.
    const drafted = [];
    for (let i = 0; i < RUNS * 2; i++) drafted.push(await draftCase(fiscalYear, institution));
    for (const [i, c] of drafted.entries()) {
      const submit = () =>
        send(c.applicationId, {
          type: 'SubmitApplication',
          data: {},
          actor: c.applicant,
          at: at(fiscalYear, '04-10'),
        });
      if (i < RUNS) await timed('SubmitApplication', phase, submit);
      else await submit();
    }
    for (const c of drafted.slice(RUNS)) {
      await timed('StartReview', phase, () =>
        send(c.applicationId, {
          type: 'StartReview',
          data: { facts: transitionSupportFacts },
          actor: caseworker,
          at: at(fiscalYear, '04-15'),
        }),
      );
    }
    // Baseline: the same stream's rows in one SELECT, and one INSERT of the rows a command writes.
    for (const c of drafted.slice(0, RUNS)) {
      await timed('baseline: SELECT stream + INSERT 1 row', phase, async () => {
        await raw.query('SELECT * FROM event_store.events WHERE stream_id = $1 ORDER BY revision', [
          `application-${c.applicationId}`,
        ]);
        await raw.query(
          `INSERT INTO baseline (global_position, event_id, stream_id, category, revision, event_type, schema_version, data, metadata, recorded_at, hash)
           VALUES ((extract(epoch from clock_timestamp()) * 1e6)::bigint + (random() * 1e6)::bigint, $1, $2, 'application', 99, 'ApplicationSubmitted', 1, '{}', $3, now(), '\\x00')`,
          [randomUUID(), `application-${c.applicationId}`, JSON.stringify(meta)],
        );
      });
    }
    if (!phase) return; // the warm-up: the commands only (the reminders' days belong to the phases)
    // Reminders: DUE_CASES granted cases due the same day; one job run a week before, on the day, the day after.
    let dueDate = '';
    for (let i = 0; i < DUE_CASES; i++) {
      const c = await draftCase(fiscalYear, `hosp-due-${phase}-${i}`);
      await send(c.applicationId, {
        type: 'SubmitApplication',
        data: {},
        actor: c.applicant,
        at: at(fiscalYear, '04-10'),
      });
      await send(c.applicationId, {
        type: 'StartReview',
        data: { facts: transitionSupportFacts },
        actor: caseworker,
        at: at(fiscalYear, '04-15'),
      });
      const granted = await send(c.applicationId, {
        type: 'DecideGrant',
        data: {},
        actor: approver,
        at: at(fiscalYear, '05-01'),
      });
      dueDate = nextApplicationAction(granted.state.state)?.dueDate ?? '';
    }
    const job = dueDateRemindersJob({ store, gateway });
    for (let round = 1; round <= REMINDER_ROUNDS; round++) {
      for (const offset of [7, 0, -1]) {
        const day = new Date(`${dueDate}T08:00:00+09:00`);
        day.setUTCDate(day.getUTCDate() - offset);
        await timed('due-date reminders (one run)', phase, () =>
          job.run({ scheduledFor: day, runId: runIdOf(job.name, day), attempt: round }),
        );
      }
    }
    const sent = await store.readCategory('dueDateReminders', { consistency: 'committed', maxCount: 10_000 });
    if (sent.length === 0) throw new Error('the reminders job found no case: the benchmark measured nothing');
  };

  const t0 = Date.now();
  await fill(SMALL);
  await measure(undefined, 2016);
  await measure('small', 2016);
  const smallHead = await store.headPosition();
  await fill(LARGE);
  console.error(`filled to ${LARGE} events in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await measure('large', 2017);
  const events = (await raw.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events')).rows[0]!.n;
  const tags = (await raw.query<{ n: string }>('SELECT count(*) AS n FROM event_store.event_tags')).rows[0]!
    .n;

  console.log(
    `\nbench:commands — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${server}`,
  );
  console.log(
    `log: ${SMALL.toLocaleString('en')} events (head ${smallHead}) then ${Number(events).toLocaleString('en')} events, ${Number(tags).toLocaleString('en')} tags; ${RUNS} runs per command, reminders ${REMINDER_ROUNDS} rounds × 3 days × ${DUE_CASES} cases due\n`,
  );
  console.log(
    `| measure | median ms, ${SMALL.toLocaleString('en')} events | median ms, ${LARGE.toLocaleString('en')} events | ratio |`,
  );
  console.log('| --- | ---: | ---: | ---: |');
  let worst = 0;
  for (const [name, { small, large }] of Object.entries(timings)) {
    const ratio = median(large) / median(small);
    if (!name.startsWith('baseline')) worst = Math.max(worst, ratio);
    console.log(
      `| ${name} | ${median(small).toFixed(2)} | ${median(large).toFixed(2)} | ${ratio.toFixed(2)} |`,
    );
  }
  console.log(
    `\nworst command ratio ${worst.toFixed(2)} (flat means within 1.2×): ${worst <= 1.2 ? 'FLAT' : 'NOT FLAT'}`,
  );
  await raw.end();
  await store.close();
  await drop();
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
