import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type { Browser, Page } from 'playwright-core';
import { CaseClient, caseworker, casesApp, uniqueId } from './cases-app.ts';
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

/**
 * 研修 in the console (Chromium, real app and PostgreSQL, projectors in this process): the offerings of a
 * fiscal year with their completions, an institution's ③ → ② duties with the overdue one marked, an
 * offering's attendance, and attendance and completion recorded from the page.
 */
describe('the console in Chromium: 研修', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let client: CaseClient;
  const fy = 6101 + Math.floor(Math.random() * 97); // years 6101–6200 (fy + 2 too): this spec's own band
  const reiwa = (year: number) => `令和${year - 2018}年度`;
  const hospital = uniqueId('hosp-tr');
  const [personA, personB, personC] = [uniqueId('pa'), uniqueId('pb'), uniqueId('pc')];
  const common = uniqueId('tr-common');
  const basic = uniqueId('tr-basic');
  const basicNext = uniqueId('tr-basic-next');
  const leader = uniqueId('tr-leader');
  let pageErrors: string[] = [];

  beforeAll(async () => {
    const started = await casesApp();
    app = started.app;
    client = new CaseClient(app, started.clock);
    worker = await startProjectionWorker();
    baseUrl = await listenLocally(app);

    // A and B complete ① in fy; A completes ③ in fy (② due fy + 1, missed by fy + 2: overdue); B
    // completes ③ in fy + 1 (② due fy + 2: open). C is enrolled in a leader course, nothing attended.
    await completeSingleSessionCourse(
      client,
      { offeringId: common, courseId: 'common', fiscalYear: fy, date: `${fy}-06-01` },
      [
        { personId: personA, institutionId: hospital },
        { personId: personB, institutionId: hospital },
      ],
    );
    await completeSingleSessionCourse(
      client,
      { offeringId: basic, courseId: 'dischargeSupportBasic', fiscalYear: fy, date: `${fy}-09-01` },
      [{ personId: personA, institutionId: hospital }],
    );
    await completeSingleSessionCourse(
      client,
      {
        offeringId: basicNext,
        courseId: 'dischargeSupportBasic',
        fiscalYear: fy + 1,
        date: `${fy + 1}-09-01`,
      },
      [{ personId: personB, institutionId: hospital }],
    );
    const day = `${fy}-10-01`;
    await client.step(
      '/trainings',
      caseworker,
      {
        offeringId: leader,
        courseId: 'regionalLeader',
        fiscalYear: fy,
        sessions: [{ sessionId: 'course', date: day }],
      },
      day,
      'Offered',
    );
    const enrolled = await client.step(
      `/trainings/${leader}/enrolments`,
      caseworker,
      { personId: personC, institutionId: hospital },
      day,
      'Offered',
    );
    await waitForReadModels(worker);
    expect(
      (await client.get(`/training-offerings?afterPosition=${enrolled.position}`, caseworker)).status,
    ).toBe(200);

    browser = await launchChromium();
    ({ page, errors: pageErrors } = await newConsolePage(browser));
    await signIn(page, baseUrl, { role: 'caseworker', name: 'tanaka' });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await app?.close();
  });

  it('lists the offerings of a fiscal year with their completers, and the completions (修了者)', async () => {
    await page.getByRole('link', { name: '研修' }).click();
    await page.getByRole('heading', { name: '研修', level: 1 }).waitFor();
    await page.getByLabel('年度（西暦）').fill(String(fy));
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL(`${baseUrl}/trainings?fiscalYear=${fy}`);

    const offerings = page.getByRole('table', { name: '研修の開催一覧（初回の日付順）' });
    await offerings.getByRole('row').filter({ hasText: leader }).waitFor();
    const rows = await offerings.getByRole('row').allInnerTexts();
    expect(rows.slice(1).map((row) => row.split('\t').map((cell) => cell.trim()))).toEqual([
      ['①共通研修', reiwa(fy), `令和${fy - 2018}年6月1日`, '1', '0', '2', '0', common],
      ['③退院支援人材育成研修(基礎編)', reiwa(fy), `令和${fy - 2018}年9月1日`, '1', '0', '1', '0', basic],
      ['在宅療養地域リーダー研修', reiwa(fy), `令和${fy - 2018}年10月1日`, '1', '1', '0', '0', leader],
    ]);
    const completions = page.getByRole('table', { name: '修了者の一覧（修了日順）' });
    const completers = await completions.getByRole('row').allInnerTexts();
    expect(completers.slice(1).map((row) => row.split('\t')[1]!.trim())).toEqual([personA, personB, personA]);
    await expect(page.getByText('修了者 3名').isVisible()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("shows an institution's ③ → ② duties as of a year: the missed one marked 期限超過, linked to its timeline", async () => {
    await page.goto(`${baseUrl}/trainings?fiscalYear=${fy + 2}&institutionId=${hospital}`);
    const duties = page.getByRole('table', { name: `${hospital}の②受講義務（${reiwa(fy + 2)}時点）` });
    await duties.waitFor();
    const overdue = duties.getByRole('row').filter({ hasText: personA });
    const open = duties.getByRole('row').filter({ hasText: personB });
    expect((await overdue.getByRole('cell').allInnerTexts()).map((c) => c.trim())).toEqual([
      personA,
      '②退院支援強化研修(応用編)',
      reiwa(fy + 1),
      '期限超過',
      `③退院支援人材育成研修の修了者は${reiwa(fy + 1)}に②退院支援強化研修を受講すること(未受講)`,
    ]);
    await expect(overdue.getAttribute('class')).resolves.toContain('bg-red-50');
    expect((await open.getByRole('cell').allInnerTexts())[3]).toBe('受講待ち');
    await expect(open.getAttribute('class')).resolves.not.toContain('bg-red-50');
    await expect(page.getByText('うち期限超過 1件').isVisible()).resolves.toBe(true);
    await expect(
      page.getByRole('link', { name: '受給者タイムラインを見る' }).getAttribute('href'),
    ).resolves.toBe(`/recipient-timelines/hospital/${hospital}`);
    await screenshot(page, 'console-trainings');
    expect(await seriousViolations(page)).toEqual([]);

    await page.reload();
    await duties.getByRole('row').filter({ hasText: personA }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it("opens an offering: sessions, each participant's attendance and completion; records attendance, then completion", async () => {
    await page.goto(`${baseUrl}/trainings?fiscalYear=${fy}`);
    await page.getByRole('link', { name: leader }).click();
    await page.waitForURL(`${baseUrl}/trainings/offerings/${leader}`);
    await page.getByRole('heading', { name: '研修の開催: 在宅療養地域リーダー研修' }).waitFor();
    const participants = page.getByRole('table', { name: '受講者ごとの出席（✓ 出席）と修了' });
    const row = participants.getByRole('row').filter({ hasText: personC });
    expect((await row.getByRole('cell').allInnerTexts()).map((c) => c.trim())).toEqual([
      hospital,
      '—',
      '受講中',
      '—',
    ]);

    // Completion before attendance: refused (422), the reason next to the buttons, nothing recorded.
    await page.getByLabel('受講者ID').selectOption(personC);
    await page.getByRole('button', { name: '修了を記録' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    await expect(refusal.innerText()).resolves.toMatch(/./);
    expect((await row.getByRole('cell').allInnerTexts())[2]!.trim()).toBe('受講中');

    await page.getByRole('button', { name: '出席を記録' }).dblclick();
    await row.getByText('✓').waitFor();
    await page.getByRole('button', { name: '修了を記録' }).click();
    await row.getByText('修了', { exact: true }).waitFor();
    expect((await row.getByRole('cell').allInnerTexts()).map((c) => c.trim())).toEqual([
      hospital,
      '✓',
      '修了',
      `令和${fy - 2018}年10月1日`,
    ]);
    // The double click recorded one attendance: one AttendanceRecorded in the offering's stream.
    const answer = await client.get(`/trainings/${leader}`, caseworker);
    expect(answer.body.state.enrollments).toEqual([
      expect.objectContaining({ personId: personC, attended: ['course'], status: 'completed' }),
    ]);
    await screenshot(page, 'console-training-offering');
    expect(await seriousViolations(page)).toEqual([]);

    await page.reload();
    await page.getByRole('heading', { name: '研修の開催: 在宅療養地域リーダー研修' }).waitFor();
    await participants
      .getByRole('row')
      .filter({ hasText: personC })
      .getByText('修了', { exact: true })
      .waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('an institution sees its own staff: its duties and completers, no offerings list, no other institution', async () => {
    const own = await newConsolePage(browser);
    await signIn(own.page, baseUrl, { role: 'institution', name: 'hosp-staff', institutionId: hospital });
    // The URL names another institution: the page reads the signed-in institution's own.
    await own.page.goto(
      `${baseUrl}/trainings?fiscalYear=${fy + 2}&institutionId=${uniqueId('someone-else')}`,
    );
    const duties = own.page.getByRole('table', { name: `${hospital}の②受講義務（${reiwa(fy + 2)}時点）` });
    await duties.getByRole('row').filter({ hasText: personA }).getByText('期限超過').waitFor();
    await expect(own.page.getByLabel('医療機関ID').count()).resolves.toBe(0);
    await expect(own.page.getByRole('heading', { name: '研修の開催' }).count()).resolves.toBe(0);
    await own.page.goto(`${baseUrl}/trainings?fiscalYear=${fy}`);
    const completions = own.page.getByRole('table', { name: '修了者の一覧（修了日順）' });
    await completions.getByRole('row').filter({ hasText: personB }).waitFor();
    await expect(completions.getByRole('link').count()).resolves.toBe(0); // offerings are the office's
    expect(await seriousViolations(own.page)).toEqual([]);
    expect(own.errors).toEqual([]);
  });

  it('an unknown offering shows "not found"', async () => {
    await page.goto(`${baseUrl}/trainings/offerings/${uniqueId('nothing')}`);
    await page.getByRole('heading', { name: '見つかりません' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
