import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import pg from 'pg';
import type { EventStore } from '#event-store';
import { EVENT_STORE, type ManualClock } from '#platform';
import { READ_MODEL_PROJECTORS } from '#projections';
import type { TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import {
  approver,
  auditor,
  CaseClient,
  caseworker,
  casesApp,
  institution,
  municipality,
  uniqueId,
  type CommandAnswer,
} from './cases-app.ts';
import { fiscalYearRolloverJob, runIdOf } from '#scheduling';
import { SEED_APPLICATION_RULES } from '#workflow';
import { multiYearGrantStreamId } from '#domain';
import { verifyProjection } from '../../libs/projections/src/rebuild/projection-rebuild.ts';
import { startProjectionWorker, waitForReadModels } from './projection-worker.ts';
import { testRuntimeConfig } from './runtime-config.ts';
import { completeSingleSessionCourse } from './training-flows.ts';

const CHIYODA = '131016';
const HACHIOJI = '132012';
const SETAGAYA = '131121';
const PEDIATRIC = 'pediatric-home-care';

/**
 * The read side over HTTP on the real app and PostgreSQL, the worker's projectors (READ_MODEL_PROJECTORS)
 * running in this process: every query reads its own writes through ?afterPosition=.
 */
describe('read models over HTTP: work queue, programme applications, timelines, budgets, completions', () => {
  let app: INestApplication;
  let clock: ManualClock;
  let worker: TestingModule;
  let client: CaseClient;
  /** A fiscal year of this run (the draft DTO accepts up to 2200; 小児等 is in force from FY2017 on). */
  const fy = 8001 + Math.floor(Math.random() * 100); // years 8001–8100: this spec's own band

  beforeAll(async () => {
    ({ app, clock } = await casesApp());
    client = new CaseClient(app, clock);
    worker = await startProjectionWorker();
    // On a fresh database (CI) the projectors first replay the log the other suites wrote: let them
    // catch up once here, so that each query's ?afterPosition= waits only for its own write.
    await waitForReadModels(worker);
  }, 150_000);
  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const get = (path: string, who: TokenClaims) => client.get(path, who);

  /** A 小児等在宅医療推進事業 case of a municipality in this run's fiscal year, drafted (and submitted on `submitOn`). */
  async function pediatricCase(
    code: string,
    submitOn?: string,
  ): Promise<{ id: string; answer: CommandAnswer }> {
    const id = uniqueId(`ped-${code}-${submitOn ?? 'draft'}`);
    const who = municipality(code);
    let answer = await client.step(
      '/applications',
      who,
      {
        applicationId: id,
        programId: PEDIATRIC,
        menuId: PEDIATRIC,
        fiscalYear: fy,
        programYear: 1,
        recipient: { kind: 'municipality', id: `muni-${code}`, municipalityCode: code },
        plannedExpenditure: 12_000_000,
        otherIncome: 0,
      },
      `${fy}-04-03`,
      'Draft',
    );
    if (submitOn) answer = await client.step(`/applications/${id}/submit`, who, {}, submitOn, 'Submitted');
    return { id, answer };
  }

  describe('a programme year of three cases', () => {
    let late: { id: string; answer: CommandAnswer };
    let draft: { id: string; answer: CommandAnswer };
    let early: { id: string; answer: CommandAnswer };

    beforeAll(async () => {
      late = await pediatricCase(CHIYODA, `${fy}-04-10`);
      draft = await pediatricCase(HACHIOJI);
      early = await pediatricCase(CHIYODA, `${fy}-04-05`);
    });

    const queue = (query: string, who: TokenClaims = caseworker) =>
      get(
        `/work-queue?programId=${PEDIATRIC}&fiscalYear=${fy}&afterPosition=${early.answer.position}&${query}`,
        who,
      );
    const ids = (body: { items: { applicationId: string }[] }) => body.items.map((i) => i.applicationId);

    it('the work queue reads its own write, sorted by due date, with the next action', async () => {
      const response = await queue('');
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(3);
      const items = response.body.items as { applicationId: string; dueDate: string; stage: string }[];
      expect(items.map((i) => i.dueDate)).toEqual(items.map((i) => i.dueDate).sort());
      expect(ids(response.body).indexOf(early.id)).toBeLessThan(ids(response.body).indexOf(late.id));
      expect(items.find((i) => i.applicationId === early.id)).toMatchObject({
        stage: 'Submitted',
        programId: PEDIATRIC,
        fiscalYear: fy,
        recipient: { kind: 'municipality', municipalityCode: CHIYODA },
        nextAction: { action: 'StartReview', by: ['caseworker'], label: { ja: '審査' } },
        amounts: { requested: 10_000_000, granted: null, paid: 0 },
        position: early.answer.position,
      });
      expect(items.find((i) => i.applicationId === draft.id)).toMatchObject({
        stage: 'Draft',
        nextAction: { action: 'SubmitApplication' },
      });
    });

    it('filters by stage, municipality and due-date range, and pages with a cursor', async () => {
      expect(ids((await queue('stage=Submitted')).body)).toEqual([early.id, late.id]);
      expect(ids((await queue('stage=Draft&stage=Submitted')).body)).toHaveLength(3);
      expect(ids((await queue(`municipalityCode=${HACHIOJI}`)).body)).toEqual([draft.id]);
      const all = (await queue('')).body.items as { applicationId: string; dueDate: string }[];
      const earlyDue = all.find((i) => i.applicationId === early.id)!.dueDate;
      expect(ids((await queue(`dueFrom=${earlyDue}&dueTo=${earlyDue}`)).body)).toEqual([early.id]);
      const seen: string[] = [];
      let cursor = '';
      for (let page = 0; page < 4; page++) {
        const body = (await queue(`limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
        seen.push(...ids(body));
        expect(body.total).toBe(3);
        if (!body.nextCursor) break;
        cursor = body.nextCursor;
      }
      expect(seen).toEqual(all.map((i) => i.applicationId));
    });

    it('scopes the queue: a municipality sees its own cases, an institution none; bad filters are 400', async () => {
      expect(ids((await queue('', municipality(HACHIOJI))).body)).toEqual([draft.id]);
      expect(ids((await queue(`municipalityCode=${CHIYODA}`, municipality(HACHIOJI))).body)).toEqual([]);
      expect((await queue('', institution(uniqueId('hosp')))).body.total).toBe(0);
      const bad = await get('/work-queue?dueFrom=2016-02-30&limit=0&stage=Nowhere&cursor=xyz!', caseworker);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('VALIDATION_FAILED');
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'cursor',
        'dueFrom',
        'limit',
        'stage',
      ]);
      expect(bad.body.errors.find((e: { field: string }) => e.field === 'dueFrom')).toMatchObject({
        value: '2016-02-30',
        reason: 'must be a calendar date YYYY-MM-DD',
      });
    });

    it('lists the programme year by stage, scoped, and 404s an unknown programme', async () => {
      const path = `/programs/${PEDIATRIC}/fiscal-years/${fy}/applications?afterPosition=${early.answer.position}`;
      const all = await get(path, auditor);
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ programId: PEDIATRIC, fiscalYear: fy, total: 3 });
      expect(all.body.countsByStage).toEqual({ Draft: 1, Submitted: 2 });
      expect(ids((await get(`${path}&stage=Draft`, caseworker)).body)).toEqual([draft.id]);
      const chiyoda = await get(path, municipality(CHIYODA));
      expect(chiyoda.body.countsByStage).toEqual({ Submitted: 2 });
      expect((await get(`/programs/no-such/fiscal-years/${fy}/applications`, caseworker)).status).toBe(404);
    });

    it('reads a page and its counts per stage in one query; a stage filter narrows the page, not the counts', async () => {
      const caseQueries: string[] = [];
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof query>) {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
        if (text?.includes('"read_model"."case_summaries" "c"')) caseQueries.push(text); // the lists' alias
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      try {
        const path = `/programs/${PEDIATRIC}/fiscal-years/${fy}/applications?afterPosition=${early.answer.position}`;
        const drafts = await get(`${path}&stage=Draft`, caseworker);
        expect(ids(drafts.body)).toEqual([draft.id]);
        expect(drafts.body.total).toBe(1);
        expect(drafts.body.countsByStage).toEqual({ Draft: 1, Submitted: 2 });
        expect(caseQueries).toHaveLength(1);
        const submitted = await queue('stage=Submitted');
        expect(ids(submitted.body)).toEqual([early.id, late.id]);
        expect(submitted.body.total).toBe(2);
        expect(submitted.body.countsByStage).toEqual({ Draft: 1, Submitted: 2 });
        expect(caseQueries).toHaveLength(2);
        // An empty page still has its counts (read apart).
        const none = await queue(`stage=Submitted&municipalityCode=${HACHIOJI}`);
        expect(none.body).toMatchObject({ items: [], total: 0 });
        expect(none.body.countsByStage).toEqual({ Draft: 1 });
      } finally {
        pg.Client.prototype.query = query;
      }
    });

    it('sets a budget and reports it against what was decided, reading its own writes', async () => {
      const set = await client.post(
        '/budgets',
        caseworker,
        { programId: PEDIATRIC, fiscalYear: fy, amount: 50_000_000 },
        `${fy}-04-01`,
      );
      expect(set.status).toBe(201);
      expect(set.body).toMatchObject({
        events: ['BudgetAllocated'],
        position: expect.stringMatching(/^\d+$/),
      });
      const budgets = `/budgets?programId=${PEDIATRIC}&fiscalYear=${fy}`;
      const before = await get(`${budgets}&afterPosition=${set.body.position}`, approver);
      expect(before.body.budgets).toEqual([
        expect.objectContaining({ budgetAmount: 50_000_000, decidedAmount: 0, remainingAmount: 50_000_000 }),
      ]);
      await client.step(
        `/applications/${early.id}/review`,
        caseworker,
        { facts: { applicant: { kind: 'municipality' }, expensesInLongTermCareSpecialAccount: false } },
        `${fy}-04-20`,
        'UnderReview',
      );
      const granted = await client.step(
        `/applications/${early.id}/grant`,
        approver,
        {},
        `${fy}-05-10`,
        'GrantDecided',
      );
      const after = await get(`${budgets}&afterPosition=${granted.position}`, auditor);
      expect(after.body.budgets).toEqual([
        expect.objectContaining({
          budgetAmount: 50_000_000,
          decidedAmount: 10_000_000,
          paidAmount: 0,
          remainingAmount: 40_000_000,
          grantedCases: 1,
        }),
      ]);
      const queue = await get(
        `/work-queue?stage=GrantDecided&fiscalYear=${fy}&afterPosition=${granted.position}`,
        caseworker,
      );
      expect(queue.body.items).toEqual([
        expect.objectContaining({
          applicationId: early.id,
          amounts: expect.objectContaining({ granted: 10_000_000 }),
        }),
      ]);
      // Another amount needs a reason; budgets are not shown to municipalities; auditors only read.
      const noReason = await client.post(
        '/budgets',
        caseworker,
        { programId: PEDIATRIC, fiscalYear: fy, amount: 1 },
        `${fy}-06-01`,
      );
      expect(noReason.status).toBe(422);
      expect(noReason.body.error).toBe('REASON_REQUIRED');
      expect((await get(budgets, municipality(CHIYODA))).status).toBe(403);
      expect(
        (
          await client.post(
            '/budgets',
            auditor,
            { programId: PEDIATRIC, fiscalYear: fy, amount: 1 },
            `${fy}-06-01`,
          )
        ).status,
      ).toBe(403);
    });

    it('answers 422 for a position beyond the log: waiting would not help (503 in http-hardening.e2e.spec)', async () => {
      const response = await get(`/work-queue?afterPosition=${2n ** 62n}`, caseworker);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ error: 'POSITION_NOT_WRITTEN', field: 'afterPosition' });
    });
  });

  it('a review that failed a check puts 不交付 or 補正依頼 with the reason in the work queue and the timeline, not the grant', async () => {
    const { id } = await pediatricCase(SETAGAYA, `${fy}-04-06`);
    const reviewed = await client.step(
      `/applications/${id}/review`,
      caseworker,
      { facts: { applicant: { kind: 'residence' } } }, // not a recipient of 小児等在宅医療推進事業
      `${fy}-04-20`,
      'UnderReview',
    );
    const queue = await get(
      `/work-queue?stage=UnderReview&programId=${PEDIATRIC}&fiscalYear=${fy}&afterPosition=${reviewed.position}`,
      caseworker,
    );
    const item = (queue.body.items as { applicationId: string }[]).find((i) => i.applicationId === id);
    expect(item).toMatchObject({
      nextAction: {
        action: 'RejectApplication',
        by: ['approver', 'caseworker'],
        label: { ja: expect.stringMatching(/^不交付の決定又は補正依頼\(要件不適合: .+\)$/) },
      },
    });
    const timeline = await get(
      `/recipients/municipality/muni-${SETAGAYA}/timeline?programId=${PEDIATRIC}&afterPosition=${reviewed.position}`,
      caseworker,
    );
    expect(timeline.body.timelines[0]).toMatchObject({ nextAction: 'RejectApplication' });
    const years = timeline.body.timelines[0].timeline.years as {
      fiscalYear: number;
      applications: { applicationId: string; nextAction?: unknown }[];
    }[];
    const application = years
      .find((y) => y.fiscalYear === fy)
      ?.applications.find((a) => a.applicationId === id);
    expect(application?.nextAction).toMatchObject({
      action: 'RejectApplication',
      alternatives: ['RequestCorrection'],
      reasons: [{ ja: expect.stringContaining('補助対象者') }],
    });
    // The grant is refused, as the next action said.
    const grant = await client.post(`/applications/${id}/grant`, approver, {}, `${fy}-05-01`);
    expect(grant.body).toMatchObject({ error: 'ELIGIBILITY_FAILED' });
  });

  it('在宅療養移行支援事業 over two years: the timeline shows year 1 at 10/10 and year 2 at 1/2, scoped', async () => {
    const hospital = uniqueId('hosp');
    const recipient = { kind: 'hospital', id: hospital, municipalityCode: CHIYODA };
    const facts = {
      applicant: { kind: 'hospital', beds: 150, designatedSecondaryEmergency: true },
      dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
      acceptsPatientsOnConditionChange: true,
    };
    const grantYear = async (year: number, programYear: number): Promise<CommandAnswer> => {
      const id = uniqueId(`support-${year}`);
      await client.step(
        '/applications',
        institution(hospital),
        {
          applicationId: id,
          programId: 'transition-support',
          menuId: 'discharge-staff',
          fiscalYear: year,
          programYear,
          recipient,
          quantity: { persons: 2 },
          plannedExpenditure: 8_000_000,
          otherIncome: 0,
        },
        `${year}-04-03`,
        'Draft',
      );
      await client.step(
        `/applications/${id}/submit`,
        institution(hospital),
        {},
        `${year}-04-10`,
        'Submitted',
      );
      await client.step(`/applications/${id}/review`, caseworker, { facts }, `${year}-04-20`, 'UnderReview');
      return client.step(`/applications/${id}/grant`, approver, {}, `${year}-05-10`, 'GrantDecided');
    };
    await grantYear(2016, 1);
    const nurse = uniqueId('nurse');
    await completeSingleSessionCourse(
      client,
      {
        offeringId: uniqueId('advanced-2016'),
        courseId: 'dischargeSupportAdvanced',
        fiscalYear: 2016,
        date: '2016-10-05',
      },
      [{ personId: nurse, institutionId: hospital }],
    );
    const second = await grantYear(2017, 2);

    const path = `/recipients/hospital/${hospital}/timeline?programId=transition-support&afterPosition=${second.position}`;
    const response = await get(path, caseworker);
    expect(response.status).toBe(200);
    expect(response.body.timelines).toHaveLength(1);
    const [support] = response.body.timelines;
    expect(support).toMatchObject({
      programId: 'transition-support',
      recipientKind: 'hospital',
      municipalityCode: CHIYODA,
      nextAction: 'ReportPerformance',
    });
    const years = support.timeline.years as {
      fiscalYear: number;
      programYear: number;
      rule: { menus: { subsidyRate: string }[] };
      applications: { stage: string; grantedAmount: number; subsidyRate: string }[];
      trainingCompletions: { personId: string }[];
    }[];
    expect(years.map((y) => [y.fiscalYear, y.programYear, y.rule.menus[0]!.subsidyRate])).toEqual([
      [2016, 1, '10/10'],
      [2017, 2, '1/2'],
    ]);
    expect(years[0]!.applications[0]).toMatchObject({
      stage: 'GrantDecided',
      grantedAmount: 7_200_000,
      subsidyRate: '10/10',
    });
    expect(years[1]!.applications[0]).toMatchObject({
      stage: 'GrantDecided',
      grantedAmount: 3_600_000,
      subsidyRate: '1/2',
    });
    expect(years[0]!.trainingCompletions.map((c) => c.personId)).toEqual([nurse]);

    // Scope: the hospital itself, its municipality and auditors see it; another hospital or municipality gets 404.
    expect((await get(path, institution(hospital))).status).toBe(200);
    expect((await get(path, municipality(CHIYODA))).status).toBe(200);
    expect((await get(path, auditor)).status).toBe(200);
    expect((await get(path, institution(uniqueId('other')))).status).toBe(404);
    expect((await get(path, municipality(HACHIOJI))).status).toBe(404);
    expect((await get(`/recipients/clinic/${hospital}/timeline`, caseworker)).body).toMatchObject({
      error: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'kind', value: 'clinic' })],
    });
  });

  it('the 1 April rollover: the timeline read model, its rebuild and the as-of timeline show FY2016 year 1 at 10/10 and FY2017 year 2 at 1/2 for the same grant', async () => {
    const hospital = uniqueId('hosp-rollover');
    const recipient = { kind: 'hospital' as const, id: hospital, municipalityCode: CHIYODA };
    const id = uniqueId('rollover-support-2016'); // ids carry the run, not the test: a prefix of its own
    await client.step(
      '/applications',
      institution(hospital),
      {
        applicationId: id,
        programId: 'transition-support',
        menuId: 'discharge-staff',
        fiscalYear: 2016,
        programYear: 1,
        recipient,
        quantity: { persons: 2 },
        plannedExpenditure: 8_000_000,
        otherIncome: 0,
      },
      '2016-04-03',
      'Draft',
    );
    await client.step(`/applications/${id}/submit`, institution(hospital), {}, '2016-04-10', 'Submitted');
    const facts = {
      applicant: { kind: 'hospital', beds: 150, designatedSecondaryEmergency: true },
      dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
      acceptsPatientsOnConditionChange: true,
    };
    await client.step(`/applications/${id}/review`, caseworker, { facts }, '2016-04-20', 'UnderReview');
    const granted = await client.step(
      `/applications/${id}/grant`,
      approver,
      {},
      '2016-05-10',
      'GrantDecided',
    );

    // The worker's job, as BullMQ would run it on 1 April 2017 (00:00 JST).
    const store = worker.get<EventStore>(EVENT_STORE);
    const april1 = new Date('2017-04-01T00:00:00+09:00');
    await fiscalYearRolloverJob({ store, rules: SEED_APPLICATION_RULES }).run({
      scheduledFor: april1,
      runId: runIdOf('fiscal-year-rollover', april1),
      attempt: 1,
    });
    const grant = await store.readStream(
      multiYearGrantStreamId('transition-support', 'discharge-staff', recipient),
    );
    expect(grant.map((e) => e.type)).toEqual(['MultiYearGrantStarted', 'ProgramYearAdvanced']);
    const advanced = grant.at(-1)!.position;

    type Years = { fiscalYear: number; programYear: number; rule: { menus: { subsidyRate: string }[] } }[];
    const yearsOf = (years: Years) =>
      years.map((y) => [y.fiscalYear, y.programYear, y.rule.menus[0]!.subsidyRate]);
    const live = await get(
      `/recipients/hospital/${hospital}/timeline?programId=transition-support&afterPosition=${advanced}`,
      caseworker,
    );
    expect(live.status).toBe(200);
    const [support] = live.body.timelines;
    expect(yearsOf(support.timeline.years)).toEqual([
      [2016, 1, '10/10'],
      [2017, 2, '1/2'],
    ]);
    expect(support.timeline.years[1].grants).toEqual([
      expect.objectContaining({
        recorded: 'advanced',
        previousSubsidyRate: '10/10',
        subsidyRate: '1/2',
        rateChanged: true,
      }),
    ]);
    expect(support).toMatchObject({ nextAction: 'ReportPerformance' }); // FY2016's report comes first

    const asOf = (position: bigint | string) =>
      get(`/as-of/recipients/${hospital}/programs/transition-support/timeline?position=${position}`, auditor);
    const after = await asOf(advanced);
    expect(after.status).toBe(200);
    expect(yearsOf(after.body.state.years)).toEqual([
      [2016, 1, '10/10'],
      [2017, 2, '1/2'],
    ]);
    const before = await asOf(granted.position);
    expect(yearsOf(before.body.state.years)).toEqual([[2016, 1, '10/10']]);

    // A rebuild from position 0 gives the same rows as the live projector.
    const projector = READ_MODEL_PROJECTORS.find((p) => p.name === 'recipient-program-timelines')!;
    const report = await verifyProjection({ url: testRuntimeConfig().databaseUrl, store, projector });
    expect(report.identical).toBe(true);
  }, 180_000);

  it('lists training completions (修了者) by date, filtered, paged and scoped to the institution', async () => {
    const [hospA, hospB] = [uniqueId('hosp-a'), uniqueId('hosp-b')];
    const [p1, p2, p3] = [uniqueId('p1'), uniqueId('p2'), uniqueId('p3')];
    await completeSingleSessionCourse(
      client,
      { offeringId: uniqueId('common'), courseId: 'common', fiscalYear: fy, date: `${fy}-06-01` },
      [
        { personId: p1, institutionId: hospA },
        { personId: p2, institutionId: hospA },
      ],
    );
    const last = await completeSingleSessionCourse(
      client,
      {
        offeringId: uniqueId('basic'),
        courseId: 'dischargeSupportBasic',
        fiscalYear: fy,
        date: `${fy}-09-01`,
      },
      [{ personId: p3, institutionId: hospB }],
    );
    const list = (query: string, who: TokenClaims = caseworker) =>
      get(`/training-completions?fiscalYear=${fy}&afterPosition=${last.position}&${query}`, who);
    const persons = (body: { items: { personId: string }[] }) => body.items.map((i) => i.personId);

    const all = await list('');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(persons(all.body)).toEqual([p1, p2, p3]); // by date, then offering, then person
    expect(all.body.items.find((i: { personId: string }) => i.personId === p3)).toEqual({
      offeringId: uniqueId('basic'),
      personId: p3,
      courseId: 'dischargeSupportBasic',
      courseName: { ja: '③退院支援人材育成研修(基礎編)', en: '③ discharge support, basic' },
      fiscalYear: fy,
      institutionId: hospB,
      completedOn: `${fy}-09-01`,
      position: last.position,
    });
    expect(persons((await list('courseId=dischargeSupportBasic')).body)).toEqual([p3]);
    expect((await list(`institutionId=${hospA}`)).body.total).toBe(2);
    expect(persons((await list(`personId=${p2}`)).body)).toEqual([p2]);

    // Pages of one, each cursor continuing where the last page ended.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { personId: string }[]; nextCursor: string | null } } = await list(
        `limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...persons(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(persons(all.body));

    // An institution sees its own staff only; municipalities are refused; auditors read everything.
    expect(persons((await list('', institution(hospA))).body).sort()).toEqual([p1, p2].sort());
    expect((await list(`institutionId=${hospB}`, institution(hospA))).body.total).toBe(0);
    expect((await list('', auditor)).body.total).toBe(3);
    expect((await list('', municipality(CHIYODA))).status).toBe(403);
    const bad = await get('/training-completions?courseId=nursing&fiscalYear=1800&cursor=xyz!', caseworker);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'courseId',
      'cursor',
      'fiscalYear',
    ]);
    expect(bad.body.errors.find((e: { field: string }) => e.field === 'courseId')).toMatchObject({
      value: 'nursing',
    });
  });
  it('lists training offerings (研修の開催) by first session, with participants by status, filtered, paged, for the office only', async () => {
    const [hospA, hospB] = [uniqueId('hosp-oa'), uniqueId('hosp-ob')];
    const [common, basic] = [uniqueId('offer-common'), uniqueId('offer-basic')];
    await completeSingleSessionCourse(
      client,
      { offeringId: basic, courseId: 'dischargeSupportBasic', fiscalYear: fy, date: `${fy}-11-02` },
      [{ personId: uniqueId('o1'), institutionId: hospB }],
    );
    const last = await completeSingleSessionCourse(
      client,
      { offeringId: common, courseId: 'common', fiscalYear: fy, date: `${fy}-07-01` },
      [
        { personId: uniqueId('o2'), institutionId: hospA },
        { personId: uniqueId('o3'), institutionId: hospB },
      ],
    );
    const list = (query: string, who: TokenClaims = caseworker) =>
      get(`/training-offerings?fiscalYear=${fy}&afterPosition=${last.position}&${query}`, who);
    const ids = (body: { items: { offeringId: string }[] }) =>
      body.items.map((i) => i.offeringId).filter((id) => id === common || id === basic);

    const all = await list('limit=200');
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual([common, basic]); // by first session date
    expect(all.body.items.find((i: { offeringId: string }) => i.offeringId === common)).toEqual({
      offeringId: common,
      courseId: 'common',
      courseName: { ja: '①共通研修', en: '① common training' },
      fiscalYear: fy,
      firstSessionOn: `${fy}-07-01`,
      sessionCount: 1,
      enrolledCount: 0,
      completedCount: 2,
      withdrawnCount: 0,
      position: last.position,
    });
    expect(ids((await list('courseId=dischargeSupportBasic&limit=200')).body)).toEqual([basic]);
    expect(ids((await list(`institutionId=${hospA}`)).body)).toEqual([common]);
    expect((await list(`institutionId=${hospB}`)).body.total).toBe(2);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { offeringId: string }[]; nextCursor: string | null } } = await list(
        `institutionId=${hospB}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((i) => i.offeringId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([common, basic]);

    expect((await list('', auditor)).status).toBe(200);
    expect((await list('', institution(hospA))).status).toBe(403);
    expect((await list('', municipality(CHIYODA))).status).toBe(403);
    const bad = await get('/training-offerings?courseId=nursing&fiscalYear=1800&cursor=xyz!', caseworker);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'courseId',
      'cursor',
      'fiscalYear',
    ]);
  });
});
