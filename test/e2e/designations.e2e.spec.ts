import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { CLOCK, ManualClock } from '#platform';
import { AppModule } from '../../apps/api/src/app.module.ts';
import { bearer } from './access-app.ts';
import { testRuntimeConfig } from './runtime-config.ts';

/**
 * The designation round over HTTP on the real app and PostgreSQL, on a virtual clock: a municipality
 * recommends, Tokyo designates at the cut-off, the list is published (public, immutable versions),
 * a designation is revoked, the hub survey is answered and tallied.
 */
describe('designations (推薦 → 指定 → 公表) over HTTP', () => {
  const fy = 2501 + Math.floor(Math.random() * 700); // a fiscal year of its own on a reused database
  const clock = new ManualClock(`${fy}-11-01T10:00:00+09:00`);
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const as: Record<string, string> = {};

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(testRuntimeConfig())] })
      .overrideProvider(CLOCK)
      .useValue(clock)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    http = request(app.getHttpServer());
    as.caseworker = await bearer({ sub: 'cw-1', role: 'caseworker' });
    as.hachioji = await bearer({ sub: 'm-hachioji', role: 'municipality', municipalityCode: '132012' });
    as.chiyoda = await bearer({ sub: 'm-chiyoda', role: 'municipality', municipalityCode: '131016' });
    as.auditor = await bearer({ sub: 'au-1', role: 'auditor' });
    as.clinic = await bearer({ sub: 'inst-a-staff', role: 'institution', institutionId: 'inst-a' });
  });
  afterAll(async () => app?.close());

  const at = (date: string) => clock.set(`${date}T10:00:00+09:00`);
  const recommendation = (id: string, institutionId: string, homeCareSupport: boolean) => ({
    recommendationId: id,
    municipalityCode: '132012',
    institution: { institutionId, name: `在宅クリニック${institutionId}`, homeCareSupport },
    consultation: { parties: ['八王子市医師会'], heldOn: `${fy + 1}-01-20`, summary: '推薦候補について協議' },
  });

  it('runs a whole round', async () => {
    await http
      .post('/designation-rounds')
      .set('Authorization', as.caseworker!)
      .send({ fiscalYear: fy })
      .expect(201);
    const round = await http
      .get(`/designation-rounds/${fy}`)
      .set('Authorization', as.caseworker!)
      .expect(200);
    expect(round.body.calendar).toEqual({
      noticeDate: `${fy}-11-01`,
      recommendationDeadline: expect.stringMatching(new RegExp(`^${fy + 1}-02-2[89]$`)),
      designationCutoff: `${fy + 1}-03-14`,
      publicationDueDate: `${fy + 1}-03-31`,
    });

    at(`${fy + 1}-02-10`);
    const a = await http
      .post(`/designation-rounds/${fy}/recommendations`)
      .set('Authorization', as.hachioji!)
      .send(recommendation('r-a', 'inst-a', true));
    expect(a.body).toMatchObject({ events: ['InstitutionRecommended'] });
    expect(a.status).toBe(201);
    expect(a.body).toEqual({ events: ['InstitutionRecommended'], position: expect.stringMatching(/^\d+$/) });
    await http
      .post(`/designation-rounds/${fy}/recommendations`)
      .set('Authorization', as.hachioji!)
      .send(recommendation('r-b', 'inst-b', false))
      .expect(201);

    // Another municipality cannot recommend for Hachiōji, and sees none of its recommendations.
    const foreign = await http
      .post(`/designation-rounds/${fy}/recommendations`)
      .set('Authorization', as.chiyoda!)
      .send(recommendation('r-c', 'inst-c', true))
      .expect(403);
    expect(foreign.body).toMatchObject({ error: 'OUT_OF_SCOPE', field: 'municipalityCode' });
    const chiyodaView = await http
      .get(`/designation-rounds/${fy}`)
      .set('Authorization', as.chiyoda!)
      .expect(200);
    expect(chiyodaView.body.recommendations).toEqual([]);

    // Bad input names the field and records nothing.
    const bad = await http
      .post(`/designation-rounds/${fy}/recommendations`)
      .set('Authorization', as.hachioji!)
      .send({
        ...recommendation('r-d', 'inst-d', true),
        consultation: { parties: [], heldOn: '2025/01/20', summary: '' },
      })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'consultation.heldOn',
      'consultation.parties',
      'consultation.summary',
    ]);
    // An institution id must be one the revocation route can take in its path.
    const unrevocable = await http
      .post(`/designation-rounds/${fy}/recommendations`)
      .set('Authorization', as.hachioji!)
      .send(recommendation('r-e', '八王子 クリニック', true))
      .expect(400);
    expect(unrevocable.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'institution.institutionId',
    ]);

    at(`${fy + 1}-03-13`);
    const early = await http
      .post(`/designation-rounds/${fy}/designations`)
      .set('Authorization', as.caseworker!);
    expect(early.body).toMatchObject({
      error: 'BEFORE_DESIGNATION_CUTOFF',
      expected: `on or after ${fy + 1}-03-14`,
    });

    at(`${fy + 1}-03-14`);
    const cutoff = await http
      .post(`/designation-rounds/${fy}/designations`)
      .set('Authorization', as.caseworker!)
      .expect(201);
    expect(cutoff.body.events).toEqual(['InstitutionDesignated']); // inst-b waits for its warning to be acknowledged
    // From the cut-off on, an acknowledged warning designates at once (順次指定), not at the next step.
    const acknowledged = await http
      .post(`/designation-rounds/${fy}/recommendations/r-b/acknowledgement`)
      .set('Authorization', as.caseworker!)
      .expect(201);
    expect(acknowledged.body.events).toEqual(['RecommendationWarningAcknowledged', 'InstitutionDesignated']);
    const status = await http.get(`/designation-rounds/${fy}`).set('Authorization', as.hachioji!).expect(200);
    expect(status.body.status).toMatchObject({
      municipalitiesWithDesignations: 1,
      designatedInstitutions: 2,
      municipalitiesInAdjustment: 61,
    });
    // The console's view: each recommendation with its day, the municipalities by name.
    expect(status.body.recommendations.map((r: { recommendedOn: string }) => r.recommendedOn)).toEqual([
      `${fy + 1}-02-10`,
      `${fy + 1}-02-10`,
    ]);
    expect(status.body.municipalities).toHaveLength(62);
    expect(status.body.municipalities).toContainEqual({ municipalityCode: '132012', name: '八王子市' });
    expect(status.body.followUpSurveys).toEqual([]);
    const nothingLeft = await http
      .post(`/designation-rounds/${fy}/designations`)
      .set('Authorization', as.caseworker!)
      .expect(201);
    expect(nothingLeft.body.events).toEqual([]);

    // Publication: public, immutable versions.
    at(`${fy + 1}-03-28`);
    await http
      .post('/hub-surveys')
      .set('Authorization', as.caseworker!)
      .send({ fiscalYear: fy, dueDate: `${fy + 1}-02-28` })
      .expect(201);
    await http
      .post(`/designation-rounds/${fy}/publications`)
      .set('Authorization', as.caseworker!)
      .send({ coordinationHubs: ['132012'] })
      .expect(201);
    const csv = await http.get(`/designation-rounds/${fy}/publications/1.csv`).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.startsWith('\uFEFF区分,区市町村コード,区市町村名,医療機関ID,医療機関名,指定日\r\n')).toBe(
      true,
    );
    expect(csv.text).toContain(
      `在宅療養において積極的役割を担う医療機関,132012,八王子市,inst-a,在宅クリニックinst-a,${fy + 1}-03-14`,
    );
    expect(csv.text).toContain('在宅療養に必要な連携を担う拠点,132012,八王子市');
    const html = await http.get(`/designation-rounds/${fy}/publications/1.html`).expect(200);
    expect(html.text).toContain('在宅療養において積極的役割を担う医療機関（2医療機関）');

    at(`${fy + 1}-06-01`);
    const noReason = await http
      .post(`/designation-rounds/${fy}/designations/inst-a/revocation`)
      .set('Authorization', as.caseworker!)
      .send({})
      .expect(400);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'reason' });
    await http
      .post(`/designation-rounds/${fy}/designations/inst-a/revocation`)
      .set('Authorization', as.caseworker!)
      .send({ reason: '在宅療養支援診療所の届出取下げ' })
      .expect(201);
    await http
      .post(`/designation-rounds/${fy}/publications`)
      .set('Authorization', as.caseworker!)
      .send({})
      .expect(201);
    const v2 = await http.get(`/designation-rounds/${fy}/publications/2.json`).expect(200);
    expect(
      JSON.parse(v2.text).activeRoleInstitutions.map((i: { institutionId: string }) => i.institutionId),
    ).toEqual(['inst-b']);
    expect(JSON.parse(v2.text).coordinationHubs).toHaveLength(62); // default: every municipality surveyed as a hub
    const v1 = await http.get(`/designation-rounds/${fy}/publications/1.json`).expect(200);
    expect(JSON.parse(v1.text).activeRoleInstitutions).toHaveLength(2);
    await http.get(`/designation-rounds/${fy}/publications/3.json`).expect(404);

    // The hub survey: a municipality answers for itself; the tally has the seed's form.
    await http
      .post(`/hub-surveys/${fy}/answers`)
      .set('Authorization', as.hachioji!)
      .send({
        municipalityCode: '132012',
        answers: { 1: 'done', 2: 'planned', 3: 'done', 4: 'done', 5: 'noAnswer' },
      })
      .expect(201);
    const tally = await http.get(`/hub-surveys/${fy}/tally`).set('Authorization', as.auditor!).expect(200);
    expect(tally.body).toEqual({
      answered: 1,
      surveyed: 62,
      items: [
        { item: 1, done: 1, planned: 0 },
        { item: 2, done: 0, planned: 1 },
        { item: 3, done: 1, planned: 0 },
        { item: 4, done: 1, planned: 0 },
        { item: 5, done: 0, planned: 0 },
      ].map((row) => ({ ...row, label: { ja: expect.any(String), en: expect.any(String) } })),
    });
    expect(tally.body.items[0].label.ja).toBe('地域の医療及び介護、障害福祉の関係者による会議の定期的な開催');

    // 取組状況調査: the designated institutions surveyed, the answers counted in the round's view.
    await http
      .post(`/designation-rounds/${fy}/follow-up-surveys`)
      .set('Authorization', as.caseworker!)
      .send({ surveyId: 'followUp-1', dueDate: `${fy + 1}-09-30` })
      .expect(201);
    const surveyed = await http.get(`/designation-rounds/${fy}`).set('Authorization', as.caseworker!);
    expect(surveyed.body.followUpSurveys).toEqual([{ surveyId: 'followUp-1', surveyed: 1, answered: 0 }]);
  });

  it('designates a late recommendation on arrival (順次指定): the status moves with the same request', async () => {
    const lateFy = 4001 + Math.floor(Math.random() * 900);
    at(`${lateFy}-11-01`);
    await http
      .post('/designation-rounds')
      .set('Authorization', as.caseworker!)
      .send({ fiscalYear: lateFy })
      .expect(201);
    at(`${lateFy + 1}-04-02`);
    const late = await http
      .post(`/designation-rounds/${lateFy}/recommendations`)
      .set('Authorization', as.hachioji!)
      .send({
        ...recommendation('r-late', 'inst-late', true),
        consultation: { parties: ['八王子市医師会'], heldOn: `${lateFy + 1}-03-20`, summary: '協議' },
      })
      .expect(201);
    expect(late.body.events).toEqual(['InstitutionRecommended', 'InstitutionDesignated']);
    const round = await http
      .get(`/designation-rounds/${lateFy}`)
      .set('Authorization', as.hachioji!)
      .expect(200);
    expect(round.body.status).toMatchObject({ municipalitiesWithDesignations: 1, designatedInstitutions: 1 });
  });

  it('keeps the boundaries: auditors read only, unauthenticated calls get 401, an institution answers only for itself', async () => {
    await http
      .post('/designation-rounds')
      .set('Authorization', as.auditor!)
      .send({ fiscalYear: fy })
      .expect(403);
    await http.get(`/designation-rounds/${fy}`).expect(401);
    await http
      .post(`/designation-rounds/${fy}/follow-up-surveys/s-1/answers`)
      .set('Authorization', as.clinic!)
      .send({ institutionId: 'inst-b', answers: {} })
      .expect(404);
    await http
      .get(`/designation-rounds/${fy + 1000}`)
      .set('Authorization', as.caseworker!)
      .expect(404);
  });
});
