import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DEFAULT_PROGRAM_SCHEDULE,
  recipientProgramTimelineProjection,
  SEED_CATALOGUE,
  type BudgetEvent,
  type DomainEvent,
} from '#domain';
import type { GlobalPosition, PostgresEventStore, RecordedEvent } from '#event-store';
import type { DataSource, EntityManager } from 'typeorm';
import {
  approver,
  caseworker,
  command,
  completion,
  run,
  transitionSupportFacts,
  transitionSupportTerms,
} from '#domain-testing';
import { completedTraining } from '#domain-testing';
import { ProjectionRunner } from '../projection-runner.ts';
import type { Projector } from '../projector.ts';
import { openReadModelDataSource } from '../read-model-data-source.ts';
import { databaseUrl, eventually, openStore, positionOf, unique } from '../testing/projection-test-kit.ts';
import { caseSummariesProjector } from './case-summaries.ts';
import { programBudgetsProjector } from './program-budgets.ts';
import { findRecipientTimelines } from './read-model-queries.ts';
import { recipientProgramTimelinesProjector } from './recipient-program-timelines.ts';
import { trainingCompletionsProjector } from './training-completions.ts';

const rules = { catalogue: SEED_CATALOGUE, schedule: DEFAULT_PROGRAM_SCHEDULE };

function projectors(prefix: string): Projector[] {
  return [
    caseSummariesProjector(`${prefix}-cases`),
    recipientProgramTimelinesProjector(rules, `${prefix}-timelines`),
    trainingCompletionsProjector(`${prefix}-trainings`),
    programBudgetsProjector(`${prefix}-budgets`),
  ];
}

/**
 * A hospital of its own: ① and ③ completed in FY2015, 在宅療養移行支援事業 year 1 (FY2016, closed) and
 * year 2 (FY2017, granted at 1/2); a budget of a fiscal year of its own.
 */
function scenario(id: string, budgetYear: number) {
  const hospital = `hosp-${id}`;
  const actor = { id: `staff-${id}`, role: 'institution' as const, institutionId: hospital };
  const recipient = { kind: 'hospital' as const, id: hospital, municipalityCode: '131016' };
  const year1 = `${id}-y1`;
  const year2 = `${id}-y2`;
  let first = run(
    [],
    command(
      'DraftApplication',
      transitionSupportTerms({ applicationId: year1, recipient }),
      '2016-04-05',
      actor,
    ),
  );
  first = run(first, command('SubmitApplication', {}, '2016-04-10', actor));
  first = run(first, command('StartReview', { facts: transitionSupportFacts }, '2016-04-15', caseworker));
  first = run(first, command('DecideGrant', {}, '2016-05-01', approver));
  first = run(
    first,
    command('RecordPayment', { paymentId: 'pay-1', amount: 7_200_000 }, '2016-05-10', caseworker),
  );
  first = run(
    first,
    command('ReportPerformance', { actualExpenditure: 7_300_000, otherIncome: 0 }, '2017-04-05', actor),
  );
  first = run(first, command('ConfirmAmount', {}, '2017-04-20', approver));
  first = run(first, command('CloseApplication', {}, '2017-05-02', caseworker));
  const yearTwoFacts = {
    ...transitionSupportFacts,
    staffTrainingCompletions: [completion('p-1', 'dischargeSupportAdvanced', 2016)],
    priorParticipation: [{ programId: 'transition-support', fiscalYear: 2016 as never }],
  };
  const terms2 = transitionSupportTerms({
    applicationId: year2,
    recipient,
    fiscalYear: 2017,
    programYear: 2,
  });
  let second = run([], command('DraftApplication', terms2, '2017-04-03', actor));
  second = run(second, command('SubmitApplication', {}, '2017-04-05', actor));
  second = run(second, command('StartReview', { facts: yearTwoFacts }, '2017-04-06', caseworker));
  second = run(second, command('DecideGrant', {}, '2017-05-01', approver));
  const nurse = `nurse-${id}`;
  const training = [
    ...completedTraining('common', '2015-07-01', 2015, nurse, hospital),
    ...completedTraining('dischargeSupportBasic', '2015-10-01', 2015, nurse, hospital),
  ];
  const recorded = { actorId: 'cw-1', actorRole: 'caseworker', at: '2100-04-01T01:00:00.000Z' };
  const budget: BudgetEvent = {
    type: 'BudgetAllocated',
    data: { programId: 'pediatric-home-care', fiscalYear: budgetYear, amount: 30_000_000, recorded } as never,
  };
  return { hospital, year1, year2, first, second, training, budget, nurse };
}

function snapshotQueries(s: ReturnType<typeof scenario>, budgetYear: number) {
  const apps = [s.year1, s.year2];
  return [
    ['SELECT * FROM read_model.case_summaries WHERE application_id = ANY($1) ORDER BY 1', [apps]],
    ['SELECT * FROM read_model.recipient_program_timelines WHERE recipient_id = $1 ORDER BY 2', [s.hospital]],
    [
      'SELECT * FROM read_model.timeline_training_completions WHERE institution_id = $1 ORDER BY 1',
      [s.hospital],
    ],
    ['SELECT * FROM read_model.training_completions WHERE institution_id = $1 ORDER BY 1', [s.hospital]],
    ['SELECT * FROM read_model.program_budget_cases WHERE application_id = ANY($1) ORDER BY 1', [apps]],
    [
      `SELECT * FROM read_model.program_budgets WHERE program_id = 'pediatric-home-care' AND fiscal_year = $1`,
      [budgetYear],
    ],
    ['SELECT * FROM read_model.timeline_applications WHERE recipient_id = $1 ORDER BY 1', [s.hospital]],
  ] as const;
}

describe('the subsidy read models (real PostgreSQL)', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    store = await openStore();
    dataSource = await openReadModelDataSource({ url: databaseUrl() });
  });
  // Every projector writes the same tables: a runner left from one test would go on projecting the
  // next test's events into rows that test has just deleted.
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await dataSource?.destroy();
    await store?.close();
  });

  function start(projector: Projector, startPosition: GlobalPosition, batchSize = 100): ProjectionRunner {
    const runner = new ProjectionRunner({
      store,
      dataSource,
      projector,
      startPosition,
      batchSize,
      idleWaitMs: 200,
      retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 20 },
    });
    runners.push(runner);
    runner.start();
    return runner;
  }

  async function append(streamId: string, events: readonly DomainEvent[]): Promise<GlobalPosition> {
    const result = await store.append(
      streamId,
      events.map((e) => ({
        type: e.type,
        data: e.data,
        metadata: { actorId: 'test', actorRole: 'system', correlationId: 'read-model-test' },
      })),
      { expectedRevision: 'no_stream' },
    );
    return result.position;
  }

  async function appendScenario(s: ReturnType<typeof scenario>): Promise<GlobalPosition> {
    for (const offering of new Set(s.training.map((e) => e.data.offeringId))) {
      await append(
        `training-${offering}`,
        s.training.filter((e) => e.data.offeringId === offering),
      );
    }
    await append(`application-${s.year1}`, s.first);
    await append(`budget-pediatric-home-care.${s.budget.data.fiscalYear}`, [s.budget]);
    return append(`application-${s.year2}`, s.second);
  }

  async function snapshot(s: ReturnType<typeof scenario>, budgetYear: number): Promise<unknown[][]> {
    const result: unknown[][] = [];
    for (const [sql, params] of snapshotQueries(s, budgetYear))
      result.push(await dataSource.query(sql, [...params]));
    return result;
  }

  async function caughtUp(names: readonly string[], last: GlobalPosition): Promise<void> {
    for (const name of names) {
      await eventually(
        async () => (await positionOf(dataSource, name)) >= last,
        20_000,
        `${name} to reach ${last}`,
      );
    }
  }

  it('projects the multi-year case; replaying the events changes nothing; a rebuild gives the same rows', async () => {
    const id = unique('rm');
    const budgetYear = await unusedBudgetYear();
    const s = scenario(id, budgetYear);
    const startPosition = await store.headPosition();
    const last = await appendScenario(s);
    const first = projectors(unique('first'));
    first.forEach((p) => start(p, startPosition));
    await caughtUp(
      first.map((p) => p.name),
      last,
    );

    const [cases, timelineRows, timelineCompletions, completions, budgetCases, budgets, applications] =
      await snapshot(s, budgetYear);
    expect(cases).toEqual([
      expect.objectContaining({
        application_id: s.year1,
        stage: 'Closed',
        next_action: null,
        paid_amount: '7200000',
        confirmed_amount: '7200000',
      }),
      expect.objectContaining({
        application_id: s.year2,
        stage: 'GrantDecided',
        program_year: 2,
        granted_amount: '3600000',
        next_action: 'ReportPerformance',
        next_action_by: ['municipality', 'institution', 'caseworker'],
      }),
    ]);
    // A row per timeline (the training programme's, from the completions; the applications' programme)
    // and one per application: the timeline is assembled on read.
    expect(timelineRows).toHaveLength(2);
    expect(applications).toEqual([
      expect.objectContaining({ application_id: s.year1, fiscal_year: 2016 }),
      expect.objectContaining({ application_id: s.year2, fiscal_year: 2017 }),
    ]);
    const timelines = await findRecipientTimelines(
      dataSource.manager,
      { recipientKind: 'hospital', recipientId: s.hospital },
      {},
    );
    const support = timelines.find((t) => t.programId === 'transition-support');
    expect(
      support?.timeline.years.map((y) => [y.fiscalYear, y.programYear, y.rule?.menus[0]?.subsidyRate]),
    ).toEqual([
      [2015, 1, undefined], // training only: the programme is not in force before FY2016
      [2016, 1, '10/10'],
      [2017, 2, '1/2'],
    ]);
    // What is read equals the domain's replay of the same events (an as-of timeline).
    const replay = recipientProgramTimelineProjection(SEED_CATALOGUE);
    const log = [...s.training, ...s.first, s.budget, ...s.second];
    for (const { programId, timeline } of timelines)
      expect(timeline).toEqual(JSON.parse(JSON.stringify(replay.project(s.hospital, programId, log))));
    // ① and ③ in FY2015 open the FY2016 window of 在宅療養移行体制確保事業, with ② owed in FY2016.
    const staffing = timelines.find((t) => t.programId === 'transition-staffing');
    expect(staffing).toMatchObject({
      recipientKind: null,
      nextAction: 'DraftApplication',
      openObligations: [
        expect.objectContaining({
          personId: s.nurse,
          course: 'dischargeSupportAdvanced',
          dueFiscalYear: 2016,
        }),
      ],
    });
    expect(timelineCompletions).toHaveLength(2);
    expect(completions).toEqual([
      expect.objectContaining({ course_id: 'common', fiscal_year: 2015, person_id: s.nurse }),
      expect.objectContaining({
        course_id: 'dischargeSupportBasic',
        fiscal_year: 2015,
        person_id: s.nurse,
      }),
    ]);
    expect(budgetCases).toEqual([
      expect.objectContaining({
        application_id: s.year1,
        granted_amount: '7200000',
        total_paid: '7200000',
        confirmed_amount: '7200000',
      }),
      expect.objectContaining({
        application_id: s.year2,
        granted_amount: '3600000',
        total_paid: '0',
        confirmed_amount: null,
      }),
    ]);
    expect(budgets).toEqual([
      expect.objectContaining({ budget_amount: '30000000', decided_amount: '0', granted_cases: 0 }),
    ]);
    const before = await snapshot(s, budgetYear);

    // Replay: every event applied again (as a rewound checkpoint would) changes no row.
    const events = await readAfter(startPosition, last);
    await dataSource.transaction(async (manager: EntityManager) => {
      for (const projector of first) {
        for (const event of events.filter((e) => projector.eventTypes.includes(e.type)))
          await projector.apply(event, manager);
      }
    });
    expect(await snapshot(s, budgetYear)).toEqual(before);

    // Rebuild: the rows deleted, new projections over the same events write the same rows.
    for (const [sql, params] of snapshotQueries(s, budgetYear)) {
      await dataSource.query(sql.replace('SELECT *', 'DELETE').replace(/ ORDER BY \d+$/, ''), [...params]);
    }
    expect((await snapshot(s, budgetYear)).flat()).toEqual([]);
    const rebuilt = projectors(unique('rebuild'));
    rebuilt.forEach((p) => start(p, startPosition));
    await caughtUp(
      rebuilt.map((p) => p.name),
      last,
    );
    expect(await snapshot(s, budgetYear)).toEqual(before);
  });

  it('a runner that dies mid-batch or is stopped resumes from its checkpoint: each event applied once', async () => {
    const id = unique('rm');
    const budgetYear = await unusedBudgetYear();
    const s = scenario(id, budgetYear);
    const startPosition = await store.headPosition();
    const reference = projectors(unique('ref'));
    const last = await appendScenario(s);
    const referenceRunners = reference.map((p) => start(p, startPosition));
    await caughtUp(
      reference.map((p) => p.name),
      last,
    );
    await Promise.all(referenceRunners.map((r) => r.stop())); // they write the same tables
    const expected = await snapshot(s, budgetYear);
    for (const [sql, params] of snapshotQueries(s, budgetYear)) {
      await dataSource.query(sql.replace('SELECT *', 'DELETE').replace(/ ORDER BY \d+$/, ''), [...params]);
    }

    // One projector over all four read models, recording what it applied; the first run dies at event 5.
    const name = unique('crash');
    const all = projectors(name);
    const applied: bigint[] = [];
    let crash = true;
    const counted = (n: number): Projector => ({
      name,
      version: 1,
      eventTypes: [...new Set(all.flatMap((p) => p.eventTypes))],
      async apply(event: RecordedEvent, manager: EntityManager) {
        if (crash && applied.length === n) throw new Error('killed mid-batch');
        for (const p of all) if (p.eventTypes.includes(event.type)) await p.apply(event, manager);
        applied.push(event.position);
      },
      reset: async () => undefined,
    });
    const dying = start(counted(5), startPosition, 100);
    await eventually(() => dying.status().state === 'parked', 20_000, 'the runner to die');
    // The batch rolled back whole: nothing of it is in the read models, the checkpoint did not move.
    expect((await snapshot(s, budgetYear)).flat()).toEqual([]);
    expect(await positionOf(dataSource, name)).toBe(startPosition);
    applied.length = 0;
    crash = false;

    // Restarted with batches of 3, stopped after a few, started again: no event applied twice.
    const stopped = start(counted(0), startPosition, 3);
    await eventually(() => applied.length >= 6, 20_000, 'six events applied');
    await stopped.stop();
    const checkpoint = await positionOf(dataSource, name);
    const beforeRestart = applied.length;
    expect(applied.at(-1)).toBe(checkpoint);
    start(counted(0), startPosition, 3);
    await caughtUp([name], last);
    expect(applied.slice(beforeRestart).every((p) => p > checkpoint)).toBe(true);
    expect(new Set(applied).size).toBe(applied.length);
    expect(await snapshot(s, budgetYear)).toEqual(expected);
  });

  /** A fiscal year whose budget stream does not exist yet (the test database outlives the runs). */
  async function unusedBudgetYear(): Promise<number> {
    for (;;) {
      const year = 2101 + Math.floor(Math.random() * 7_800);
      if ((await store.readStream(`budget-pediatric-home-care.${year}`)).length === 0) return year;
    }
  }

  async function readAfter(after: GlobalPosition, until: GlobalPosition): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    let from = after;
    for (;;) {
      const page = await store.readAll({ after: from, maxCount: 1000 });
      events.push(...page.filter((e) => e.position <= until));
      if (page.length === 0 || page.at(-1)!.position >= until) return events;
      from = page.at(-1)!.position;
    }
  }
});
