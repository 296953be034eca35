import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { seed001Answers } from '#domain-testing';
import { loadTokyoMunicipalities, type ManualClock } from '#platform';
import { approver, CaseClient, casesApp, caseworker, municipality, uniqueId } from './cases-app.ts';
import { departures, openApiDocument } from './openapi-conformance.ts';
import {
  launchChromium,
  newConsolePage,
  screenshot,
  seriousViolations,
  signIn,
  listenLocally,
} from './console-browser.ts';

const CHIYODA = '131016';
const HACHIOJI = '132012';
const PEDIATRIC = 'pediatric-home-care';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const yen = (amount: number) => `${amount.toLocaleString('ja-JP')}円`;

/**
 * 報告 in a real Chromium against the real app on the test PostgreSQL: the (ア)–(ク) survey report, 予算執行
 * and 指定状況 of years set up through the API, each shown with the figures of the API's JSON, its chart
 * (an SVG drawn by ECharts in the page) and an Excel download that answers with a workbook.
 */
describe('the console in Chromium: 報告 (reports)', () => {
  let app: INestApplication;
  let clock: ManualClock;
  let client: CaseClient;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let pageErrors: string[] = [];
  // Years 6301–6400: this spec's band. The survey's year and the one before, the budget year, and a
  // designation round 50 years on (its dates run into the next year). Chosen in beforeAll among the
  // years whose surveys no earlier run on this database opened.
  let fy: number;
  let round: number;

  /** A year of 6302–6349 whose survey and the year before's are not open yet (one run on this database each). */
  async function unusedYear(): Promise<number> {
    const candidates = Array.from({ length: 48 }, (_, i) => 6302 + i).sort(() => Math.random() - 0.5);
    for (const year of candidates) {
      const [before, own] = await Promise.all(
        [year - 1, year].map((y) => client.get(`/collaboration-surveys/${y}`, caseworker)),
      );
      if (before!.status === 404 && own!.status === 404) return year;
    }
    throw new Error('no unused survey year left in 6302–6349 on this database: use a fresh database');
  }

  async function openSurvey(year: number, set: 'h27' | 'h28', codes: string[]) {
    const on = `${year + 1}-04-20`;
    const opened = await client.post(
      `/collaboration-surveys/${year}`,
      caseworker,
      {
        referenceDate: `${year + 1}-03-31`,
        note: '年度末時点の実施数',
        countedAnswers: ['implemented', 'planned'],
        itemSetVersion: set === 'h27' ? 'H27' : 'H28',
      },
      on,
    );
    expect([201, 409]).toContain(opened.status);
    for (const [code, answers] of seed001Answers(set, codes)) {
      const body = { municipalityCode: code, answers };
      let answered = await client.post(
        `/collaboration-surveys/${year}/answers`,
        municipality(code),
        body,
        on,
      );
      if (answered.status === 409) {
        answered = await client.post(
          `/collaboration-surveys/${year}/answers`,
          municipality(code),
          { ...body, reason: '再集計による訂正' },
          on,
        );
      }
      expect(answered.status).toBe(201);
    }
  }

  async function budgetYear() {
    const budget = await client.post(
      '/budgets',
      caseworker,
      { programId: PEDIATRIC, fiscalYear: fy, amount: 50_000_000, reason: '再実行' },
      `${fy}-04-01`,
    );
    expect(budget.status).toBe(201);
    const id = uniqueId('console-report');
    const who = municipality(CHIYODA);
    await client.step(
      '/applications',
      who,
      {
        applicationId: id,
        programId: PEDIATRIC,
        menuId: PEDIATRIC,
        fiscalYear: fy,
        programYear: 1,
        recipient: { kind: 'municipality', id: `muni-${CHIYODA}`, municipalityCode: CHIYODA },
        plannedExpenditure: 12_000_000,
        otherIncome: 0,
      },
      `${fy}-04-03`,
      'Draft',
    );
    await client.step(`/applications/${id}/submit`, who, {}, `${fy}-04-05`, 'Submitted');
    await client.step(
      `/applications/${id}/review`,
      caseworker,
      { facts: { applicant: { kind: 'municipality' }, expensesInLongTermCareSpecialAccount: false } },
      `${fy}-04-20`,
      'UnderReview',
    );
    await client.step(`/applications/${id}/grant`, approver, {}, `${fy}-05-10`, 'GrantDecided');
    await client.step(
      `/applications/${id}/payments`,
      caseworker,
      { paymentId: 'pay-1', amount: 4_000_000 },
      `${fy}-06-01`,
      'GrantDecided',
    );
  }

  /** A round with three recommendations (two in 八王子市, one in 千代田区), designated and published. */
  async function designationRound() {
    const post = (path: string, body: object, on: string, who = caseworker) =>
      client.post(path, who, body, on);
    // A rerun on the same year finds the round open: its commands then answer 409, never a 5xx.
    const answered = [
      await post('/designation-rounds', { fiscalYear: round }, `${round}-11-01`),
      await post('/hub-surveys', { fiscalYear: round, dueDate: `${round + 1}-02-28` }, `${round}-11-01`),
    ];
    for (const [id, code] of [
      ['a', HACHIOJI],
      ['b', HACHIOJI],
      ['c', CHIYODA],
    ] as const) {
      answered.push(
        await post(
          `/designation-rounds/${round}/recommendations`,
          {
            recommendationId: `r-${id}`,
            municipalityCode: code,
            institution: { institutionId: `inst-${id}`, name: `在宅クリニック${id}`, homeCareSupport: true },
            consultation: { parties: ['地区医師会'], heldOn: `${round + 1}-01-20`, summary: '協議' },
          },
          `${round + 1}-02-10`,
          municipality(code),
        ),
      );
    }
    answered.push(
      await post(
        `/hub-surveys/${round}/answers`,
        {
          municipalityCode: HACHIOJI,
          answers: { 1: 'done', 2: 'planned', 3: 'done', 4: 'done', 5: 'noAnswer' },
        },
        `${round + 1}-02-10`,
      ),
      await post(`/designation-rounds/${round}/designations`, {}, `${round + 1}-03-14`),
      await post(`/designation-rounds/${round}/publications`, {}, `${round + 1}-03-14`),
    );
    for (const response of answered) expect(response.status).toBeLessThan(500);
  }

  beforeAll(async () => {
    ({ app, clock } = await casesApp());
    client = new CaseClient(app, clock);
    fy = await unusedYear();
    round = fy + 50;
    const codes = (await loadTokyoMunicipalities()).filter((m) => !m.island).map((m) => m.code);
    await openSurvey(fy - 1, 'h27', codes);
    await openSurvey(fy, 'h28', codes);
    await budgetYear();
    await designationRound();
    baseUrl = await listenLocally(app);
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await newConsolePage(browser));
    await signIn(page, baseUrl, { role: 'caseworker', name: 'carol' });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** The chart drawn in the page: an SVG with shapes, inside the element described as the chart. */
  async function expectChart(name: string) {
    const chart = page.getByRole('img', { name });
    await chart.locator('svg').waitFor();
    expect(await chart.locator('svg').count()).toBe(1);
    // axes, grid lines and at least one bar per series (ECharts draws each as a path)
    expect(await chart.locator('svg path').count()).toBeGreaterThan(5);
  }

  /** The Excel link of the section answers 200 with a workbook, with the session cookie only. */
  async function expectWorkbook(href: string) {
    const link = page.getByRole('link', { name: 'Excel（.xlsx）' }).first();
    expect(await link.getAttribute('href')).toBe(href);
    const response = await page.request.get(`${baseUrl}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe(XLSX);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  }

  it('answers each report as its OpenAPI schema documents it (the console’s types come from there)', async () => {
    const document = openApiDocument(app);
    for (const [path, schema] of [
      [`/collaboration-surveys/${fy}/report`, 'CollaborationSurveyReportDto'],
      [`/reports/budget-execution?fiscalYear=${fy}`, 'BudgetExecutionReportDto'],
      [`/reports/budget-execution/cases?fiscalYear=${fy}`, 'BudgetExecutionCasesReportDto'],
      [`/reports/designation-status/${round}`, 'DesignationStatusReportDto'],
    ] as const) {
      const answer = await client.get(path, caseworker);
      expect(answer.status).toBe(200);
      expect(departures(document, schema, answer.body)).toEqual([]);
    }
  });

  it('shows the (ア)–(ク) survey report of a year with its chart, the figures of the API, and its workbook', async () => {
    const api = (await client.get(`/collaboration-surveys/${fy}/report`, caseworker)).body as {
      n: number;
      answered: number;
      rows: {
        item: string;
        labels: string[];
        current: { count: number; shareText: string };
        previous: { shareText: string } | null;
        changeText: string;
      }[];
    };
    await page.goto(`${baseUrl}/reports?tab=survey&fiscalYear=${fy}`);
    await page.getByRole('heading', { name: '報告' }).waitFor();
    const table = page.getByRole('table', { name: '取組状況 集計結果（今年度と前年度、増減）' });
    await table.waitFor();
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(api.rows.length + 1);
    for (const [i, row] of api.rows.entries()) {
      expect(
        await rows
          .nth(i + 1)
          .getByRole('cell')
          .allInnerTexts(),
      ).toEqual([
        row.item,
        row.labels.join(' › '),
        String(row.current.count),
        row.current.shareText,
        row.previous?.shareText ?? '',
        row.changeText,
      ]);
    }
    await expect(page.getByText(`対象 ${api.n}自治体、回答 ${api.answered}自治体`).isVisible()).resolves.toBe(
      true,
    );
    await expectChart('実施自治体の割合（今年度と前年度）の棒グラフ');
    await screenshot(page, 'console-reports-survey');
    expect(await seriousViolations(page)).toEqual([]);
    await expectWorkbook(`/collaboration-surveys/${fy}/report?format=xlsx`);
  });

  it('shows 予算執行 with its chart, the figures of the API, the cases, and its workbook', async () => {
    const api = (
      await client.get(`/reports/budget-execution?fiscalYear=${fy}&programId=${PEDIATRIC}`, caseworker)
    ).body as {
      lines: {
        budgetAmount: number;
        initialDecidedAmount: number;
        changeAmount: number;
        decidedAmount: number;
        remainingAmount: number;
        paidAmount: number;
        confirmedAmount: number;
        refundedAmount: number;
        cases: number;
      }[];
    };
    expect(api.lines).toHaveLength(1);
    const [line] = api.lines;
    expect(line!.budgetAmount).toBe(50_000_000);
    await page.goto(`${baseUrl}/reports?tab=survey&fiscalYear=${fy}`);
    await page.getByRole('link', { name: '予算執行' }).click();
    await page.getByLabel('事業ID（空欄はすべて）').fill(PEDIATRIC);
    await page.getByRole('button', { name: '表示' }).click();
    await page.waitForURL(`${baseUrl}/reports?tab=budget&fiscalYear=${fy}&programId=${PEDIATRIC}`);
    const table = page.getByRole('table', { name: '予算執行（事業・年度ごと）' });
    const row = table.getByRole('row').nth(1);
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[0]).toMatch(new RegExp(`令和${fy - 2018}年度$`));
    expect(cells.slice(1)).toEqual([
      yen(line!.budgetAmount),
      yen(line!.initialDecidedAmount),
      yen(line!.changeAmount),
      yen(line!.decidedAmount),
      yen(line!.remainingAmount),
      yen(line!.paidAmount),
      yen(line!.confirmedAmount),
      yen(line!.refundedAmount),
      String(line!.cases),
    ]);
    const cases = page.getByRole('table', { name: '予算執行の内訳（案件）' });
    await expect(cases.getByRole('row').count()).resolves.toBe(line!.cases + 1);
    await expectChart('予算額・交付決定額・支払額の棒グラフ（円）');
    await screenshot(page, 'console-reports-budget');
    expect(await seriousViolations(page)).toEqual([]);
    await expectWorkbook(`/reports/budget-execution?fiscalYear=${fy}&programId=${PEDIATRIC}&format=xlsx`);
  });

  it('shows 指定状況 with its charts, the figures of the API, and its workbook; a reload shows it again', async () => {
    const api = (await client.get(`/reports/designation-status/${round}`, caseworker)).body as {
      status: {
        municipalitiesWithDesignations: number;
        designatedInstitutions: number;
        municipalitiesInAdjustment: number;
      };
      municipalities: { municipalityCode: string; designatedInstitutions: number; status: string }[];
    };
    const url = `${baseUrl}/reports?tab=designation&fiscalYear=${round}`;
    await page.goto(url);
    const statusLine = `${api.status.municipalitiesWithDesignations}自治体、${api.status.designatedInstitutions}医療機関を指定（調整中 ${api.status.municipalitiesInAdjustment}自治体）`;
    await page.getByText(statusLine).waitFor();
    const hachioji = page
      .getByRole('table', { name: '自治体ごとの指定状況' })
      .getByRole('row')
      .filter({ hasText: HACHIOJI });
    const expected = api.municipalities.find((m) => m.municipalityCode === HACHIOJI)!;
    expect(await hachioji.getByRole('cell').allInnerTexts()).toEqual([
      HACHIOJI,
      '八王子市',
      expected.status,
      String(expected.designatedInstitutions),
    ]);
    await expectChart('自治体ごとの指定医療機関数の棒グラフ');
    await expectChart('拠点調査の項目ごとの実施済・今後実施の棒グラフ');
    await screenshot(page, 'console-reports-designation');
    expect(await seriousViolations(page)).toEqual([]);
    await expectWorkbook(`/reports/designation-status/${round}?format=xlsx`);

    await page.reload();
    await page.getByText(statusLine).waitFor();
    await expectChart('自治体ごとの指定医療機関数の棒グラフ');
    expect(pageErrors).toEqual([]);
  });
});
