import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '#platform';
import { ProjectionPositions, READ_MODEL_PROJECTORS } from '#projections';
import { CaseClient, caseworker, casesApp, municipality, uniqueId } from './cases-app.ts';
import { startProjectionWorker } from './projection-worker.ts';

/** Debian's chromium (.ci/run installs it): npm packages may not download browsers here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-results';
const CHIYODA = '131016';
const PEDIATRIC = 'pediatric-home-care';

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: number;
}

/** axe-core in the page (evaluated over the DevTools protocol: no script tag for the CSP to refuse). */
async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) =>
       result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))`,
  )) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/**
 * The console in a real Chromium against the real app on the test PostgreSQL, the read-model
 * projectors running in this process: sign in as a caseworker, see the case this test submitted.
 */
describe('the console in Chromium: sign-in and 作業一覧', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let client: CaseClient;
  const fy = 2401 + Math.floor(Math.random() * 100); // years 2401–2500: this spec's own band
  const applicationId = uniqueId('console');
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const started = await casesApp();
    app = started.app;
    client = new CaseClient(app, started.clock);
    worker = await startProjectionWorker();
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    const who = municipality(CHIYODA);
    await client.step(
      '/applications',
      who,
      {
        applicationId,
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
    const submitted = await client.step(
      `/applications/${applicationId}/submit`,
      who,
      {},
      `${fy}-04-05`,
      'Submitted',
    );
    // The projectors may first replay what other suites wrote to the shared test database.
    const head = await worker.get<EventStore>(EVENT_STORE).headPosition();
    const names = READ_MODEL_PROJECTORS.map((projector) => projector.name);
    if (!(await worker.get(ProjectionPositions).waitForPosition(names, head, 120_000)))
      throw new Error(`the read-model projectors did not reach the log head ${head} within 120 s`);
    const queue = await client.get(
      `/work-queue?afterPosition=${submitted.position}&fiscalYear=${fy}`,
      caseworker,
    );
    expect(queue.status).toBe(200);

    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1280, height: 800 },
    });
    // Uncaught errors in the page (a refused request, e.g. the 401 of GET /session before sign-in, is not one).
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await app?.close();
  });

  it('sends a visitor without a session to the sign-in page, which has no serious accessibility violations', async () => {
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/sign-in`);
    await page.getByRole('heading', { name: 'サインイン（開発用）' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/console-sign-in.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('signs in as a caseworker and shows the work queue with the submitted case, in Japanese', async () => {
    await page.getByLabel('役割').selectOption('caseworker');
    await page.getByLabel('氏名（職員ID）').fill('alice');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: '作業一覧' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/`);
    await expect(page.getByText('alice（担当職員）').isVisible()).resolves.toBe(true);

    await page.getByLabel('年度（西暦）').fill(String(fy));
    await page.getByLabel('事業ID').fill(PEDIATRIC);
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL(`${baseUrl}/?fiscalYear=${fy}&programId=${PEDIATRIC}`);
    const row = page.getByRole('row').filter({ hasText: applicationId });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[0]).toMatch(/^令和\d+年\d+月\d+日/); // the due date in 和暦
    expect(cells.slice(1, 5)).toEqual(['審査', '担当職員', '申請済', `${PEDIATRIC}\n令和${fy - 2018}年度`]);
    expect(cells[5]).toBe(CHIYODA);
    expect(cells[6]).toBe('10,000,000円');
    expect(await row.locator('time').getAttribute('title')).toMatch(new RegExp(`^${fy}年`)); // 西暦 on hover
    await page.screenshot({ path: `${ARTIFACTS}/console-work-queue.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
