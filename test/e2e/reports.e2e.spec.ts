import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { EventStore } from '#event-store';
import { EVENT_STORE, type ManualClock } from '#platform';
import { ProjectionPositions, SUBSIDY_PROJECTIONS } from '#projections';
import { startProjectionWorker } from './projection-worker.ts';
import { tokyoDate } from '../../apps/api/src/audit-log/audit-access-log.ts';
import { bearer } from './access-app.ts';
import {
  approver,
  auditor,
  CaseClient,
  casesApp,
  caseworker,
  municipality,
  uniqueId,
  type CommandAnswer,
} from './cases-app.ts';

const CHIYODA = '131016';
const HACHIOJI = '132012';
const PEDIATRIC = 'pediatric-home-care';

/** A binary body (xlsx) as a Buffer. */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Any other body as text (CSV, SVG, JSON alike). */
function textOf(res: request.Response, callback: (error: Error | null, body: string) => void): void {
  binary(res, (error, body) => callback(error, body.toString('utf8')));
}

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/**
 * The reports on the real app and PostgreSQL: 予算執行 (budget execution) and its cases, and the 指定状況
 * of a designation round, in JSON, CSV (BOM), xlsx (read back with exceljs) and SVG. The figures are
 * replayed from the log, so no projector needs to run here.
 */
describe('reports over HTTP: budget execution and designation status', () => {
  let app: INestApplication;
  let clock: ManualClock;
  let client: CaseClient;
  // Years 4001–6000: this spec's own band (each e2e spec that picks a random far-future year has one, so
  // two specs never share a year on one database); the report's figures are exact for (programme, year).
  const fy = 4001 + Math.floor(Math.random() * 2000);
  /** GET as `who`: `text` the body as text, `body` a Buffer for xlsx. */
  const get = async (path: string, who = auditor) => {
    const xlsx = path.includes('format=xlsx');
    const response = await request(app.getHttpServer())
      .get(path)
      .set('Authorization', await bearer(who))
      .buffer(true)
      .parse(xlsx ? binary : textOf);
    return {
      status: response.status,
      headers: response.headers,
      body: response.body as Buffer,
      text: xlsx ? '' : (response.body as string),
    };
  };

  beforeAll(async () => {
    ({ app, clock } = await casesApp());
    client = new CaseClient(app, clock);
  });
  afterAll(async () => app?.close());

  async function pediatricCase(code: string): Promise<string> {
    const id = uniqueId(`rep-${code}`);
    await client.step(
      '/applications',
      municipality(code),
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
    await client.step(`/applications/${id}/submit`, municipality(code), {}, `${fy}-04-05`, 'Submitted');
    return id;
  }

  describe('予算執行', () => {
    let budgetPosition: string;
    let granted: string;
    let submitted: string;
    let paid: CommandAnswer;
    const report = `/reports/budget-execution?programId=${PEDIATRIC}&fiscalYear=${fy}`;

    beforeAll(async () => {
      const budget = await client.post(
        '/budgets',
        caseworker,
        { programId: PEDIATRIC, fiscalYear: fy, amount: 50_000_000 },
        `${fy}-04-01`,
      );
      expect(budget.status).toBe(201);
      budgetPosition = budget.body.position;
      granted = await pediatricCase(CHIYODA);
      submitted = await pediatricCase(HACHIOJI);
      await client.step(
        `/applications/${granted}/review`,
        caseworker,
        { facts: { applicant: { kind: 'municipality' }, expensesInLongTermCareSpecialAccount: false } },
        `${fy}-04-20`,
        'UnderReview',
      );
      await client.step(`/applications/${granted}/grant`, approver, {}, `${fy}-05-10`, 'GrantDecided');
      paid = await client.step(
        `/applications/${granted}/payments`,
        caseworker,
        { paymentId: 'pay-1', amount: 4_000_000 },
        `${fy}-06-01`,
        'GrantDecided',
      );
    });

    it('answers the figures with their sources, and the read model beside them', async () => {
      const response = await get(report);
      expect(response.status).toBe(200);
      const body = JSON.parse(response.text);
      expect(body.source).toMatchObject({ kind: 'events', categories: ['budget', 'application'] });
      expect(BigInt(body.source.upTo.position)).toBeGreaterThanOrEqual(BigInt(paid.position));
      expect(body.lines).toEqual([
        expect.objectContaining({
          programId: PEDIATRIC,
          programName: '小児等在宅医療推進事業',
          fiscalYear: fy,
          budgetAmount: 50_000_000,
          initialDecidedAmount: 10_000_000,
          changeAmount: 0,
          decidedAmount: 10_000_000,
          remainingAmount: 40_000_000,
          advancePaidAmount: 4_000_000,
          settlementPaidAmount: 0,
          paidAmount: 4_000_000,
          confirmedAmount: 0,
          refundedAmount: 0,
          cases: 2,
          casesByStage: { GrantDecided: 1, Submitted: 1 },
        }),
      ]);
      const [line] = body.lines;
      expect(line.sources.decidedAmount).toEqual({ GrantDecided: 1, ChangeApproved: 0 });
      expect(line.sources.budgetAmount).toEqual({ BudgetAllocated: 1, BudgetReallocated: 0 });
      expect(line.sources.advancePaidAmount).toEqual({ 'PaymentRecorded:advance': 1 });
      // No projector runs here: the read model's row, if any, is named with its projection and position.
      expect(line).toHaveProperty('readModel');
    });

    it('the program-budgets read model, once caught up, holds the same figures (its row named with its position)', async () => {
      const worker = await startProjectionWorker();
      try {
        const caughtUp = await worker
          .get(ProjectionPositions)
          .waitForPosition([SUBSIDY_PROJECTIONS.budgets], BigInt(paid.position), 120_000);
        expect(caughtUp).toBe(true);
        const [line] = JSON.parse((await get(report)).text).lines;
        expect(line.readModel).toEqual({
          projection: SUBSIDY_PROJECTIONS.budgets,
          position: paid.position,
          budgetAmount: line.budgetAmount,
          decidedAmount: line.decidedAmount,
          confirmedAmount: line.confirmedAmount,
          paidAmount: line.paidAmount,
          refundedAmount: line.refundedAmount,
        });
      } finally {
        await worker.close();
      }
    }, 150_000);

    it('now, from the budget-execution read model once caught up: the same lines and cases as the replay', async () => {
      const worker = await startProjectionWorker();
      try {
        const caughtUp = await worker
          .get(ProjectionPositions)
          .waitForPosition([SUBSIDY_PROJECTIONS.budgetExecution], BigInt(paid.position), 120_000);
        expect(caughtUp).toBe(true);
      } finally {
        await worker.close();
      }
      const current = JSON.parse((await get(report)).text);
      // Read from the read model (nothing of this programme year after its checkpoint).
      expect(current.source.readModel).toEqual({
        projection: SUBSIDY_PROJECTIONS.budgetExecution,
        position: expect.any(String),
        eventsAfter: 0,
      });
      expect(BigInt(current.source.readModel.position)).toBeGreaterThanOrEqual(BigInt(paid.position));
      expect(current.source.upTo.position).toBe(paid.position);
      const replayed = JSON.parse((await get(`${report}&position=${paid.position}`)).text);
      const figures = ({ readModel: _, ...line }: Record<string, unknown>) => line;
      expect(current.lines.map(figures)).toEqual(replayed.lines);
      const cases = `/reports/budget-execution/cases?programId=${PEDIATRIC}&fiscalYear=${fy}`;
      const currentCases = JSON.parse((await get(cases)).text);
      expect(currentCases.source.readModel).toMatchObject({ eventsAfter: 0 });
      expect(currentCases.cases).toEqual(
        JSON.parse((await get(`${cases}&position=${paid.position}`)).text).cases,
      );
    }, 150_000);

    it('as of a log position: only what had happened then (and recorded in the access log)', async () => {
      const response = await get(`${report}&position=${budgetPosition}`);
      expect(response.status).toBe(200);
      const body = JSON.parse(response.text);
      expect(body.asOf).toEqual({ position: budgetPosition });
      expect(body.lines).toEqual([
        expect.objectContaining({
          budgetAmount: 50_000_000,
          decidedAmount: 0,
          cases: 0,
          remainingAmount: 50_000_000,
        }),
      ]);
      expect(body.lines[0]).not.toHaveProperty('readModel');
      // Recorded before the answer, in the access log's stream of the (virtual) Tokyo day.
      const day = `auditAccess-${tokyoDate(clock.now())}`;
      const records = await app.get<EventStore>(EVENT_STORE).readStream(day);
      expect(records.map((e) => [e.type, e.data])).toContainEqual([
        'AsOfQueried',
        expect.objectContaining({
          resource: 'budgetExecution',
          id: `${fy}/${PEDIATRIC}`,
          position: budgetPosition,
          found: true,
          upToPosition: budgetPosition,
        }),
      ]);
    });

    it('drills down to the cases, each naming its stream and the events counted', async () => {
      const response = await get(`/reports/budget-execution/cases?programId=${PEDIATRIC}&fiscalYear=${fy}`);
      expect(response.status).toBe(200);
      const { cases } = JSON.parse(response.text);
      expect(cases).toHaveLength(2);
      expect(cases.find((c: { applicationId: string }) => c.applicationId === granted)).toMatchObject({
        stage: 'GrantDecided',
        stageLabel: '交付決定',
        municipalityName: '千代田区',
        decidedAmount: 10_000_000,
        advancePaidAmount: 4_000_000,
        source: {
          streamId: `application-${granted}`,
          eventCounts: expect.objectContaining({ GrantDecided: 1, 'PaymentRecorded:advance': 1 }),
        },
      });
      const onlySubmitted = await get(
        `/reports/budget-execution/cases?programId=${PEDIATRIC}&fiscalYear=${fy}&stage=Submitted&format=csv`,
      );
      expect(onlySubmitted.status).toBe(200);
      expect(onlySubmitted.text.startsWith('\uFEFF年度,事業ID,事業名,申請ID')).toBe(true);
      expect(onlySubmitted.text).toContain(submitted);
      expect(onlySubmitted.text).not.toContain(granted);
      const xlsx = await get(
        `/reports/budget-execution/cases?programId=${PEDIATRIC}&fiscalYear=${fy}&format=xlsx`,
      );
      const sheet = (await workbookOf(xlsx.body as Buffer)).getWorksheet('案件別')!;
      expect(sheet.getColumn(13).width).toBe(16);
    });

    it('as CSV with a BOM and Japanese headers, opening in Excel', async () => {
      const response = await get(`${report}&format=csv`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toContain(`budget-execution-FY${fy}-${PEDIATRIC}.csv`);
      const [header, row] = response.text.split('\r\n');
      expect(
        header!.startsWith('\uFEFF年度,年度（和暦）,事業ID,事業名,予算額,当初交付決定額,変更増減額'),
      ).toBe(true);
      expect(row).toContain(`${fy},`);
      expect(row).toContain(',50000000,10000000,0,10000000,40000000,4000000,0,4000000,0,0,2,');
    });

    it('as a real workbook: grouped headers, widths and yen formats', async () => {
      const response = await get(`${report}&format=xlsx`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const sheet = (await workbookOf(response.body as Buffer)).getWorksheet('予算執行')!;
      expect(sheet.getCell('A1').value).toBe('予算執行状況');
      expect(String(sheet.getCell('A2').value)).toMatch(/^基準: 現在。出典: 予算・申請イベント \d+ 件を集計/);
      // Notes (3 lines and a blank), then two header rows, then the line.
      expect(sheet.getCell('D5').value).toBe('交付決定');
      expect(sheet.getCell('D6').value).toBe('当初');
      expect(sheet.getCell('C7').value).toBe(50_000_000);
      expect(sheet.getCell('C7').numFmt).toBe('#,##0;"△"#,##0;0');
      expect(sheet.getCell('F7').value).toBe(10_000_000);
      expect(sheet.getColumn(2).width).toBe(34);
      expect(sheet.getColumn(3).width).toBe(16);
    });

    it('as a chart of budget against decided and paid (SVG)', async () => {
      const response = await get(`/reports/budget-execution?programId=${PEDIATRIC}&format=svg`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('image/svg+xml');
      expect(response.text).toMatch(/^<svg/);
      for (const text of ['予算額', '交付決定額', '支払額', '50,000']) expect(response.text).toContain(text);
    });

    it('a programme year with no budget and no case is a 404; bad input a 400; never for municipalities', async () => {
      const missing = await get(`/reports/budget-execution?programId=no-such&fiscalYear=${fy}`);
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.text)).toMatchObject({ error: 'NOT_FOUND' });
      expect((await get(`/reports/budget-execution/cases?programId=no-such&fiscalYear=${fy}`)).status).toBe(
        404,
      );
      const format = await get(`${report}&format=pdf`);
      expect(format.status).toBe(400);
      expect(JSON.parse(format.text).errors[0]).toMatchObject({ field: 'format' });
      const noSvg = await get(`/reports/budget-execution/cases?fiscalYear=${fy}&format=svg`);
      expect(noSvg.status).toBe(400);
      const both = await get(`${report}&position=1&at=2020-01-01T00:00:00Z`);
      expect(both.status).toBe(400);
      expect((await get(`/reports/budget-execution?fiscalYear=20x`)).status).toBe(400);
      expect((await get(report, municipality(CHIYODA))).status).toBe(403);
    });
  });

  describe('指定状況', () => {
    const round = fy + 2000; // 6001–8000; round + 1000 stays within the API's 9999

    beforeAll(async () => {
      const as = (date: string) => clock.set(`${date}T10:00:00+09:00`);
      const post = async (path: string, body: object, who = caseworker) =>
        request(app.getHttpServer())
          .post(path)
          .set('Authorization', await bearer(who))
          .send(body)
          .expect(201);
      as(`${round}-11-01`);
      await post('/designation-rounds', { fiscalYear: round });
      await post('/hub-surveys', { fiscalYear: round, dueDate: `${round + 1}-02-28` });
      as(`${round + 1}-02-10`);
      for (const [id, code] of [
        ['a', HACHIOJI],
        ['b', HACHIOJI],
        ['c', CHIYODA],
      ] as const) {
        await post(
          `/designation-rounds/${round}/recommendations`,
          {
            recommendationId: `r-${id}`,
            municipalityCode: code,
            institution: { institutionId: `inst-${id}`, name: `在宅クリニック${id}`, homeCareSupport: true },
            consultation: { parties: ['地区医師会'], heldOn: `${round + 1}-01-20`, summary: '協議' },
          },
          municipality(code),
        );
      }
      await post(`/hub-surveys/${round}/answers`, {
        municipalityCode: HACHIOJI,
        answers: { 1: 'done', 2: 'planned', 3: 'done', 4: 'done', 5: 'noAnswer' },
      });
      as(`${round + 1}-03-14`);
      await post(`/designation-rounds/${round}/designations`, {});
      await post(`/designation-rounds/${round}/publications`, {});
    });

    it('answers the status line, 調整中 by name, the hub survey tally and the published versions', async () => {
      const response = await get(`/reports/designation-status/${round}`);
      expect(response.status).toBe(200);
      const body = JSON.parse(response.text);
      expect(body.status).toMatchObject({
        municipalitiesWithDesignations: 2,
        designatedInstitutions: 3,
        municipalitiesInAdjustment: 60,
        source: { kind: 'stream', streamId: `designationRound-${round}` },
      });
      expect(body.status.municipalitiesInAdjustmentList).toHaveLength(60);
      expect(body.status.municipalitiesInAdjustmentList).toContainEqual({
        municipalityCode: '131121',
        name: '世田谷区',
      });
      expect(body.municipalities).toContainEqual({
        municipalityCode: HACHIOJI,
        name: '八王子市',
        status: '指定済',
        designatedInstitutions: 2,
      });
      expect(body.hubSurvey).toMatchObject({ answered: 1, surveyed: 62 });
      expect(body.hubSurvey.items[1]).toMatchObject({ item: 2, done: 0, planned: 1 });
      expect(body.publications).toEqual([
        {
          version: 1,
          publishedOn: `${round + 1}-03-14`,
          links: {
            json: `/designation-rounds/${round}/publications/1.json`,
            csv: `/designation-rounds/${round}/publications/1.csv`,
            html: `/designation-rounds/${round}/publications/1.html`,
          },
        },
      ]);
    });

    it('as CSV (BOM) and as a workbook of three sheets', async () => {
      const csv = await get(`/reports/designation-status/${round}?format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.text.startsWith('\uFEFF')).toBe(true);
      expect(csv.text).toContain('指定医療機関のある自治体数,指定医療機関数,調整中の自治体数\r\n2,3,60\r\n');
      expect(csv.text).toContain('131121,世田谷区');
      expect(csv.text).toContain('回答自治体数,調査対象自治体数\r\n1,62\r\n');
      const xlsx = await get(`/reports/designation-status/${round}?format=xlsx`);
      expect(xlsx.status).toBe(200);
      const workbook = await workbookOf(xlsx.body as Buffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['指定状況', '拠点調査', '公表版']);
      const status = workbook.getWorksheet('指定状況')!;
      expect(String(status.getCell('A3').value)).toContain('2自治体、3医療機関。調整中 60自治体（');
      expect(status.getColumn(4).width).toBe(14);
      const survey = workbook.getWorksheet('拠点調査')!;
      expect(survey.getCell('C6').value).toBe('実施済');
      expect(survey.getCell('C8').value).toBe(0);
      expect(survey.getCell('D8').value).toBe(1);
      expect(survey.getCell('D8').numFmt).toBe('#,##0');
    });

    it('as of a point before the designations, and a 404 for a round that does not exist (then)', async () => {
      const before = await get(`/reports/designation-status/${round}?at=${round}-01-01T00:00:00Z`);
      expect(before.status).toBe(404);
      expect(JSON.parse(before.text)).toMatchObject({ error: 'NOT_FOUND' });
      expect((await get(`/reports/designation-status/${round + 1000}`)).status).toBe(404);
      expect((await get(`/reports/designation-status/${round}?format=svg`)).status).toBe(400);
      expect((await get(`/reports/designation-status/abc`)).status).toBe(400);
    });
  });
});
