import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type { Browser, Page } from 'playwright-core';
import { CaseClient, caseworker, casesApp, municipality, uniqueId } from './cases-app.ts';
import {
  launchChromium,
  newConsolePage,
  screenshot,
  seriousViolations,
  listenLocally,
} from './console-browser.ts';
import { startProjectionWorker, waitForReadModels } from './projection-worker.ts';

const CHIYODA = '131016';
const PEDIATRIC = 'pediatric-home-care';

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
  let pageErrors: string[] = [];

  beforeAll(async () => {
    const started = await casesApp();
    app = started.app;
    client = new CaseClient(app, started.clock);
    worker = await startProjectionWorker();
    baseUrl = await listenLocally(app);

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
    await waitForReadModels(worker);
    const queue = await client.get(
      `/work-queue?afterPosition=${submitted.position}&fiscalYear=${fy}`,
      caseworker,
    );
    expect(queue.status).toBe(200);

    browser = await launchChromium();
    ({ page, errors: pageErrors } = await newConsolePage(browser));
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
    await screenshot(page, 'console-sign-in');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('signs in as a caseworker and shows the work queue with the submitted case, in Japanese', async () => {
    await page.getByLabel('役割').selectOption('caseworker');
    await page.getByLabel('氏名（職員ID）').fill('alice');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: '作業一覧' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/`);
    await expect(page.getByText('alice（担当職員）').isVisible()).resolves.toBe(true);

    // 年度 in 和暦, as an office writes it; a year that is none is refused next to the field first.
    await page.getByLabel('年度（西暦・和暦）').fill('昭和60年度');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('年度「昭和60年度」が読めません');
    expect(page.url()).toBe(`${baseUrl}/`);
    await page.getByLabel('年度（西暦・和暦）').fill(`令和${fy - 2018}年度`);
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
    await expect(row.getByRole('link', { name: applicationId }).getAttribute('href')).resolves.toBe(
      `/cases/${applicationId}`,
    );
    // The open cases per stage under these filters: this year's band holds this spec's case alone.
    const perStage = page.getByRole('region', { name: '段階別の件数' });
    await expect(perStage.getByRole('link').allInnerTexts()).resolves.toEqual(['申請済 1']);
    await screenshot(page, 'console-work-queue');
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('filters by a stage from its count, and switches to English and back, the choice kept over a reload', async () => {
    await page.getByRole('region', { name: '段階別の件数' }).getByRole('link', { name: '申請済 1' }).click();
    await page.waitForURL(`${baseUrl}/?fiscalYear=${fy}&programId=${PEDIATRIC}&stage=Submitted`);
    await expect(page.locator('select[name="stage"]').inputValue()).resolves.toBe('Submitted');
    await page.getByRole('row').filter({ hasText: applicationId }).waitFor();

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Work queue' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: applicationId });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[3]).toBe('Submitted');
    expect(cells[4]).toBe(`${PEDIATRIC}\nFY${fy}`);
    expect(cells[0]).toMatch(new RegExp(`^\\d{1,2} [A-Z][a-z]{2} ${fy}`)); // 29 Nov 2026, the 和暦 on hover
    await screenshot(page, 'console-work-queue-en');
    await page.getByRole('button', { name: '日本語に切り替える' }).click();
    await page.getByRole('heading', { name: '作業一覧' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
