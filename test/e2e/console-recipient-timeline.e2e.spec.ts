import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type { Browser, Page } from 'playwright-core';
import {
  approver,
  CaseClient,
  caseworker,
  casesApp,
  institution,
  uniqueId,
  type CommandAnswer,
} from './cases-app.ts';
import {
  launchChromium,
  newConsolePage,
  screenshot,
  seriousViolations,
  signIn,
  listenLocally,
} from './console-browser.ts';
import { startProjectionWorker, waitForReadModels } from './projection-worker.ts';
import { completeSingleSessionCourse } from './training-flows.ts';

const CHIYODA = '131016';

/**
 * 受給者タイムライン in the console (Chromium, real app and PostgreSQL, projectors in this process): a
 * hospital's 在宅療養移行支援事業 over two programme years — year 1 at 10/10, year 2 at 1/2 — drawn as an
 * SVG chart with the table under it. (The programme's rules are those of FY2016–2017; the hospital is
 * this run's own, so no other spec shares its timeline.)
 */
describe('the console in Chromium: 受給者タイムライン', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let client: CaseClient;
  const hospital = uniqueId('hosp-tl');
  let pageErrors: string[] = [];

  async function grantYear(year: number, programYear: number): Promise<CommandAnswer> {
    const id = uniqueId(`tl-support-${year}`);
    const facts = {
      applicant: { kind: 'hospital', beds: 150, designatedSecondaryEmergency: true },
      dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
      acceptsPatientsOnConditionChange: true,
    };
    await client.step(
      '/applications',
      institution(hospital),
      {
        applicationId: id,
        programId: 'transition-support',
        menuId: 'discharge-staff',
        fiscalYear: year,
        programYear,
        recipient: { kind: 'hospital', id: hospital, municipalityCode: CHIYODA },
        quantity: { persons: 2 },
        plannedExpenditure: 8_000_000,
        otherIncome: 0,
      },
      `${year}-04-03`,
      'Draft',
    );
    await client.step(`/applications/${id}/submit`, institution(hospital), {}, `${year}-04-10`, 'Submitted');
    await client.step(`/applications/${id}/review`, caseworker, { facts }, `${year}-04-20`, 'UnderReview');
    return client.step(`/applications/${id}/grant`, approver, {}, `${year}-05-10`, 'GrantDecided');
  }

  beforeAll(async () => {
    const started = await casesApp();
    app = started.app;
    client = new CaseClient(app, started.clock);
    worker = await startProjectionWorker();
    baseUrl = await listenLocally(app);

    await grantYear(2016, 1);
    // Year 2 needs a ②退院支援強化研修 completer on staff.
    await completeSingleSessionCourse(
      client,
      {
        offeringId: uniqueId('tl-advanced-2016'),
        courseId: 'dischargeSupportAdvanced',
        fiscalYear: 2016,
        date: '2016-10-05',
      },
      [{ personId: uniqueId('tl-nurse'), institutionId: hospital }],
    );
    const second = await grantYear(2017, 2);
    await waitForReadModels(worker);
    const timeline = await client.get(
      `/recipients/hospital/${hospital}/timeline?afterPosition=${second.position}`,
      caseworker,
    );
    expect(timeline.status).toBe(200);

    browser = await launchChromium();
    ({ page, errors: pageErrors } = await newConsolePage(browser));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await app?.close();
  });

  it('draws the years as an SVG chart and lists them in the table: year 1 at 10/10, year 2 at 1/2', async () => {
    await signIn(page, baseUrl, { role: 'caseworker', name: 'sato' });
    await page.goto(`${baseUrl}/recipient-timelines/hospital/${hospital}`);
    await page.getByRole('heading', { name: '受給者タイムライン', level: 1 }).waitFor();
    await page.getByRole('heading', { name: '事業: transition-support' }).waitFor();

    const chart = page.getByRole('img', { name: /^transition-supportの年度別推移/ });
    await chart.locator('svg').waitFor();
    await expect(chart.locator('svg').count()).resolves.toBe(1);
    await expect(chart.locator('svg').textContent()).resolves.toContain('10/10');

    const table = page.getByRole('table', { name: /^transition-supportの年度別推移/ });
    const year = (label: string) =>
      table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label }) });
    const first = (await year('平成28年度').getByRole('cell').allInnerTexts()).map((c) => c.trim());
    const second = (await year('平成29年度').getByRole('cell').allInnerTexts()).map((c) => c.trim());
    expect(first.slice(0, 5)).toEqual(['補助1年目', '10/10', '7,200,000円', '—', '0円']);
    expect(first[6]).toBe('1名修了');
    expect(second.slice(0, 2)).toEqual(['補助2年目', '1/2']);
    expect(second.slice(2, 5)).toEqual(['3,600,000円', '—', '0円']);
    // 和暦 shown, 西暦 on hover.
    await expect(
      year('平成28年度').getByRole('rowheader').locator('span').getAttribute('title'),
    ).resolves.toBe('2016年度');

    await screenshot(page, 'console-recipient-timeline');
    expect(await seriousViolations(page)).toEqual([]);
    await page.reload();
    await chart.locator('svg').waitFor();
    await expect(year('平成29年度').getByRole('cell').nth(1).innerText()).resolves.toBe('1/2');

    // English by the toggle: the same rows, FY and "year n".
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Recipient timeline', level: 1 }).waitFor();
    const english = page.getByRole('table', { name: /^transition-support by fiscal year/ });
    const fy2017 = english.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'FY2017' }) });
    expect((await fy2017.getByRole('cell').allInnerTexts()).slice(0, 3).map((c) => c.trim())).toEqual([
      'year 2',
      '1/2',
      '3,600,000円',
    ]);
    await page.getByRole('button', { name: '日本語に切り替える' }).click();
    await page.getByRole('heading', { name: '受給者タイムライン', level: 1 }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it("the hospital itself sees its timeline; another institution's session gets 'not found'", async () => {
    const own = await newConsolePage(browser);
    await signIn(own.page, baseUrl, { role: 'institution', name: 'hosp-staff', institutionId: hospital });
    await own.page.goto(`${baseUrl}/recipient-timelines/hospital/${hospital}`);
    await own.page.getByRole('heading', { name: '事業: transition-support' }).waitFor();

    const other = await newConsolePage(browser);
    await signIn(other.page, baseUrl, {
      role: 'institution',
      name: 'other-staff',
      institutionId: uniqueId('hosp-other'),
    });
    await other.page.goto(`${baseUrl}/recipient-timelines/hospital/${hospital}`);
    await other.page.getByRole('heading', { name: '見つかりません' }).waitFor();
    expect([...own.errors, ...other.errors]).toEqual([]);
  });
});
