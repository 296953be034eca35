import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  fiscalYear,
  type Actor,
  type ApplicationCommand,
  type Command,
  type RecommendationRoundCommand,
} from '#domain';
import { createCommandGateway, type AggregateName } from '#workflow';
import { bearer } from './access-app.ts';
import { historyApp, type HistoryApp } from './history-app.ts';

const hospitalId = `hosp-${Math.random().toString(36).slice(2, 8)}`;
const hospital: Actor = { id: `staff-${hospitalId}`, role: 'institution', institutionId: hospitalId };
const caseworker: Actor = { id: 'cw-1', role: 'caseworker' };
const approver: Actor = { id: 'ap-1', role: 'approver' };
const system: Actor = { id: 'system', role: 'system' };
const recommender: Actor = { id: 'm-1', role: 'municipality', municipalityCode: '132012' };
const jst = (date: string, time = '10:00:00') => `${date}T${time}+09:00`;

const yearOneFacts = {
  applicant: { kind: 'hospital', beds: 150, designatedSecondaryEmergency: true },
  dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
  acceptsPatientsOnConditionChange: true,
  staffTrainingCompletions: [],
} as const;
const yearTwoFacts = {
  ...yearOneFacts,
  dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
  staffTrainingCompletions: [
    { personId: 'p-1', course: 'dischargeSupportAdvanced', fiscalYear: fiscalYear(2016) },
  ],
  priorParticipation: [{ programId: 'transition-support', fiscalYear: fiscalYear(2016) }],
} as const;

describe('GET /as-of/… (states replayed from the log, real app, real PostgreSQL)', () => {
  let h: HistoryApp;
  let asAuditor: string;
  const yearOne = `ts-${hospitalId}-2016`;
  const yearTwo = `ts-${hospitalId}-2017`;
  const round = 3201 + Math.floor(Math.random() * 800); // years 3201–4000: this spec's own band
  const positions: Record<string, string> = {};

  /** Sends the command through the command gateway, the store's clock at `date` 10:00 JST; remembers the position. */
  async function run(
    aggregate: AggregateName,
    key: string | number,
    streamId: string,
    type: Command['type'],
    data: object,
    date: string,
    actor: Actor,
    reason?: string,
  ): Promise<string> {
    h.clock.set(jst(date));
    const command = { type, data, at: new Date(jst(date)), actor, ...(reason ? { reason } : {}) };
    const outcome = await createCommandGateway(h.store).send(aggregate, key as never, command as never, {
      metadata: { correlationId: `as-of-${date}` },
    });
    positions[`${streamId} ${type}`] = outcome.position;
    return outcome.position;
  }
  const onCase = (id: string, type: ApplicationCommand['type'], data: object, date: string, actor: Actor) =>
    run('application', id, `application-${id}`, type, data, date, actor);
  const onRound = (
    type: RecommendationRoundCommand['type'],
    data: object,
    date: string,
    actor: Actor,
    reason?: string,
  ) => run('recommendationRound', round, `designationRound-${round}`, type, data, date, actor, reason);

  const get = (path: string, authorization = asAuditor) =>
    request(h.app.getHttpServer()).get(path).set('Authorization', authorization);

  beforeAll(async () => {
    asAuditor = await bearer({ sub: 'audit-as-of', role: 'auditor' });
    h = await historyApp('asof');
    const terms = (applicationId: string, fy: number, programYear: number) => ({
      applicationId,
      programId: 'transition-support',
      menuId: 'discharge-staff',
      fiscalYear: fy,
      programYear,
      recipient: { kind: 'hospital', id: hospitalId, municipalityCode: '131016' },
      quantity: { persons: 2 },
      plannedExpenditure: 8_000_000,
      otherIncome: 0,
    });
    await onCase(yearOne, 'DraftApplication', terms(yearOne, 2016, 1), '2016-04-05', hospital);
    await onCase(yearOne, 'SubmitApplication', {}, '2016-04-10', hospital);
    await onCase(yearOne, 'StartReview', { facts: yearOneFacts }, '2016-04-15', caseworker);
    await onCase(yearOne, 'DecideGrant', {}, '2016-05-01', approver);
    // p-1's ③ completion in FY2016, recorded as the trainings API records it: year two's review finds it.
    const offeringId = `advanced-2016-${hospitalId}`;
    const onOffering = (type: string, data: object, date: string) =>
      run('training', offeringId, `training-${offeringId}`, type, data, date, caseworker);
    await onOffering(
      'OfferTraining',
      {
        offeringId,
        courseId: 'dischargeSupportAdvanced',
        fiscalYear: 2016,
        sessions: [{ sessionId: 'course', date: '2016-11-10' }],
      },
      '2016-10-01',
    );
    await onOffering('EnrollParticipant', { personId: 'p-1', institutionId: hospitalId }, '2016-10-05');
    await onOffering('RecordAttendance', { personId: 'p-1', sessionId: 'course' }, '2016-11-10');
    await onOffering('CompleteTraining', { personId: 'p-1' }, '2016-11-10');
    await onCase(yearTwo, 'DraftApplication', terms(yearTwo, 2017, 2), '2017-04-03', hospital);
    await onCase(yearTwo, 'SubmitApplication', {}, '2017-04-10', hospital);
    await onCase(yearTwo, 'StartReview', { facts: yearTwoFacts }, '2017-04-12', caseworker);
    await onCase(yearTwo, 'DecideGrant', {}, '2017-05-01', approver);

    const consultation = {
      parties: ['八王子市医師会'],
      heldOn: `${round + 1}-01-20`,
      summary: '推薦候補について協議',
    };
    const recommend = (id: string, institutionId: string) =>
      onRound(
        'RecommendInstitution',
        {
          recommendationId: id,
          municipalityCode: '132012',
          institution: { institutionId, name: `医療機関${institutionId}`, homeCareSupport: true },
          consultation,
        },
        `${round + 1}-02-10`,
        recommender,
      );
    await onRound(
      'OpenRecommendationRound',
      { fiscalYear: round, municipalityCodes: ['131016', '132012'] },
      `${round}-11-01`,
      system,
    );
    await recommend('r-1', 'inst-1');
    await recommend('r-2', 'inst-2');
    await onRound('DesignateRecommendedInstitutions', {}, `${round + 1}-03-14`, system);
    await onRound(
      'RevokeDesignation',
      { institutionId: 'inst-1' },
      `${round + 1}-06-01`,
      caseworker,
      '届出取下げ',
    );
    // Reads return the stable prefix of the log: wait until it holds the last append.
    const last = BigInt(positions[`designationRound-${round} RevokeDesignation`]!);
    for (
      const deadline = Date.now() + 10_000;
      (await h.store.headPosition()) < last && Date.now() < deadline;
    )
      await new Promise((resolve) => setTimeout(resolve, 25));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a case as of an instant: 404 before its stream existed, then each stage, the grant at the year’s rate', async () => {
    const before = await get(
      `/as-of/applications/${yearTwo}?at=${encodeURIComponent(jst('2017-03-31', '23:59:59'))}`,
    );
    expect(before.status).toBe(404);
    expect(before.body).toMatchObject({ error: 'NOT_FOUND', firstRecordedAt: '2017-04-03T01:00:00.000Z' });
    expect(before.body.message).toContain('did not exist yet as of 2017-03-31T23:59:59+09:00');
    expect((await get(`/as-of/applications/nothing-${hospitalId}?at=2017-05-01T00:00:00Z`)).status).toBe(404);

    const underReview = await get(
      `/as-of/applications/${yearTwo}?at=${encodeURIComponent(jst('2017-04-20'))}`,
    ).expect(200);
    expect(underReview.body.state).toMatchObject({ stage: 'UnderReview', amounts: { granted: null } });
    expect(underReview.body.upTo).toMatchObject({ type: 'ReviewStarted', revision: 2 });

    const yearOneGranted = await get(
      `/as-of/applications/${yearOne}?at=${encodeURIComponent(jst('2017-03-31'))}`,
    ).expect(200);
    const yearTwoGranted = await get(
      `/as-of/applications/${yearTwo}?at=${encodeURIComponent(jst('2017-05-02'))}`,
    ).expect(200);
    expect(yearOneGranted.body.state.amounts.granted).toMatchObject({
      subsidyRate: '10/10',
      amount: 7_200_000,
    });
    expect(yearTwoGranted.body.state.amounts.granted).toMatchObject({
      subsidyRate: '1/2',
      amount: 3_600_000,
    });
    expect(yearTwoGranted.body.state.stage).toBe('GrantDecided');
  });

  it('a case as of a position: the events at or before it', async () => {
    const submitted = positions[`application-${yearOne} SubmitApplication`]!;
    const { body } = await get(`/as-of/applications/${yearOne}?position=${submitted}`).expect(200);
    expect(body).toMatchObject({
      asOf: { position: submitted },
      upTo: { position: submitted, type: 'ApplicationSubmitted' },
    });
    expect(body.state.stage).toBe('Submitted');
    const drafted = BigInt(positions[`application-${yearOne} DraftApplication`]!);
    expect((await get(`/as-of/applications/${yearOne}?position=${drafted - 1n}`)).status).toBe(404);
  });

  it('the recipient’s timeline across 1 April: year 1 at 10/10 only, then year 2 at 1/2', async () => {
    const path = `/as-of/recipients/${hospitalId}/programs/transition-support/timeline`;
    const march = await get(`${path}?at=${encodeURIComponent(jst('2017-03-31', '23:59:59'))}`).expect(200);
    expect(march.body.state.years.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2016]);
    expect(march.body.state.years[0]).toMatchObject({
      programYear: 1,
      applications: [{ applicationId: yearOne, stage: 'GrantDecided', grantedAmount: 7_200_000 }],
    });
    expect(JSON.stringify(march.body.state.years[0].rule)).toContain('"subsidyRate":"10/10"');

    const may = await get(`${path}?at=${encodeURIComponent(jst('2017-05-02'))}`).expect(200);
    expect(may.body.state.years.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2016, 2017]);
    expect(may.body.state.years[1]).toMatchObject({
      programYear: 2,
      applications: [{ applicationId: yearTwo, stage: 'GrantDecided', grantedAmount: 3_600_000 }],
    });
    expect(JSON.stringify(may.body.state.years[1].rule)).toContain('"subsidyRate":"1/2"');
    expect(JSON.stringify(may.body.state.years[0].rule)).toContain('"subsidyRate":"10/10"');

    const before = await get(`${path}?at=2016-01-01T00:00:00Z`);
    expect(before.status).toBe(404);
    expect(before.body.message).toContain('did not exist yet');
    expect(
      (
        await get(
          `/as-of/recipients/${hospitalId}/programs/no-such-programme/timeline?at=2017-05-01T00:00:00Z`,
        )
      ).status,
    ).toBe(404);
  });

  it('the designated institutions of a round before and after a revocation', async () => {
    const path = `/as-of/designation-rounds/${round}`;
    const ids = (body: { state: { designatedInstitutions: { institutionId: string }[] } }) =>
      body.state.designatedInstitutions.map((d) => d.institutionId);
    const beforeDesignation = await get(`${path}?at=${encodeURIComponent(jst(`${round + 1}-03-01`))}`).expect(
      200,
    );
    expect(ids(beforeDesignation.body)).toEqual([]);
    const designated = await get(`${path}?at=${encodeURIComponent(jst(`${round + 1}-05-31`))}`).expect(200);
    expect(ids(designated.body)).toEqual(['inst-1', 'inst-2']);
    expect(designated.body.state.status).toMatchObject({
      designatedInstitutions: 2,
      municipalitiesInAdjustment: 1,
    });
    const revoked = await get(
      `${path}?at=${encodeURIComponent(jst(`${round + 1}-06-01`, '10:00:01'))}`,
    ).expect(200);
    expect(ids(revoked.body)).toEqual(['inst-2']);
    expect(revoked.body.state.revokedInstitutions).toEqual([
      { institutionId: 'inst-1', name: '医療機関inst-1' },
    ]);
    const byPosition = positions[`designationRound-${round} DesignateRecommendedInstitutions`]!;
    expect(ids((await get(`${path}?position=${byPosition}`).expect(200)).body)).toEqual(['inst-1', 'inst-2']);
    expect((await get(`${path}?at=${round}-10-01T00:00:00Z`)).status).toBe(404);
  });

  it('refuses a bad or missing at/position with 400 naming the field, value and reason; other roles get 403', async () => {
    const path = `/as-of/designation-rounds/${round}`;
    const cases: [string, string, unknown][] = [
      ['?at=2017-02-30T00:00:00Z', 'at', '2017-02-30T00:00:00Z'],
      ['?at=yesterday', 'at', 'yesterday'],
      ['?position=-5', 'position', '-5'],
      ['?position=1.5', 'position', '1.5'],
      ['', 'at', undefined],
      ['?at=2017-01-01T00:00:00Z&position=5', 'position', '5'],
    ];
    for (const [query, field, value] of cases) {
      const { status, body } = await get(`${path}${query}`);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body.error).toBe('VALIDATION_FAILED');
      expect(body.errors[0]).toMatchObject({ field, ...(value === undefined ? {} : { value }) });
      expect(body.errors[0].reason).toEqual(expect.any(String));
    }
    const municipality = await bearer({ sub: 'm-1', role: 'municipality', municipalityCode: '131016' });
    expect((await get(`${path}?at=2017-01-01T00:00:00Z`, municipality)).status).toBe(403);
  });

  it('records each as-of read in the access log', async () => {
    const requestId = `as-of-${hospitalId}`;
    await get(`/as-of/applications/${yearOne}?at=2016-06-01T00:00:00Z`)
      .set('X-Request-Id', requestId)
      .expect(200);
    const asAdmin = await bearer({ sub: 'admin-1', role: 'admin' });
    for (const deadline = Date.now() + 10_000; ;) {
      const { body } = await get('/admin/audit-access?actorId=audit-as-of&limit=1000', asAdmin).expect(200);
      const record = body.entries.find((e: { requestId: string }) => e.requestId === requestId);
      if (record) {
        expect(record).toMatchObject({
          type: 'AsOfQueried',
          actorId: 'audit-as-of',
          actorRole: 'auditor',
          access: {
            scope: 'asOf',
            resource: 'application',
            id: yearOne,
            at: '2016-06-01T00:00:00Z',
            found: true,
          },
        });
        return;
      }
      if (Date.now() > deadline) throw new Error('no access record');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
});
