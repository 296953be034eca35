import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import {
  loadSigningKey,
  PostgresLogCheckpointStore,
  recordLogCheckpoint,
  type EventStore,
  type LogCheckpoint,
} from '#event-store';
import { EVENT_STORE, READ_DATABASE } from '#platform';
import {
  approver,
  CaseClient,
  caseworker,
  casesApp,
  municipality,
  RUN,
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
import { testRuntimeConfig } from './runtime-config.ts';

const CHIYODA = '131016';
const PEDIATRIC = 'pediatric-home-care';
const HACHIOJI = '132012';
const INSTITUTION = `inst-audit-${RUN}`;

/**
 * 監査 in a real Chromium against the real app on the test PostgreSQL: a case driven through the API
 * (submitted, reviewed, granted) and a signed checkpoint; then an auditor opens the as-of view before
 * the decision and after it, downloads the case's history, sees the tamper check OK with the newest
 * checkpoint; an admin sees the auditor's as-of reads in the access log and a refusal in the security log.
 */
describe('the console in Chromium: 監査 (history, as-of, verification, logs)', () => {
  let app: INestApplication;
  let browser: Browser;
  let baseUrl: string;
  let client: CaseClient;
  let checkpoint: LogCheckpoint;
  const bandYear = () => 6401 + Math.floor(Math.random() * 100); // years 6401–6500: this spec's own band
  const fy = bandYear();
  let roundFy = fy;
  const applicationId = uniqueId('audit');
  const streamId = `application-${applicationId}`;
  const auditorName = `auditor-${RUN}`;
  const refusedCaseworker = { sub: `cw-audit-${RUN}`, role: 'caseworker' } as const;
  const positions: Record<string, string> = {};
  const steps = {} as Record<'drafted' | 'submitted' | 'reviewed' | 'granted', CommandAnswer>;

  /** Signs the log as the worker's checkpoint trigger does, once its stable prefix reaches `position`. */
  async function sign(position: string): Promise<LogCheckpoint> {
    const config = testRuntimeConfig();
    const { key } = await loadSigningKey(config.audit?.signingKeyFile, false);
    const checkpoints = new PostgresLogCheckpointStore(app.get<pg.Pool>(READ_DATABASE));
    const store = app.get<EventStore>(EVENT_STORE);
    for (const started = Date.now(); Date.now() - started < 60_000;) {
      // An open transaction elsewhere on the server may hold the stable prefix back for a moment.
      if ((await store.headPosition()) >= BigInt(position)) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return (await recordLogCheckpoint(store, checkpoints, key, new Date())) ?? (await checkpoints.latest())!;
  }

  beforeAll(async () => {
    const started = await casesApp();
    app = started.app;
    client = new CaseClient(app, started.clock);
    baseUrl = await listenLocally(app);

    const who = municipality(CHIYODA);
    const base = `/applications/${applicationId}`;
    steps.drafted = await client.step(
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
    steps.submitted = await client.step(`${base}/submit`, who, {}, `${fy}-04-05`, 'Submitted');
    steps.reviewed = await client.step(
      `${base}/review`,
      caseworker,
      { facts: { applicant: { kind: 'municipality' } } },
      `${fy}-04-20`,
      'UnderReview',
    );
    steps.granted = await client.step(`${base}/grant`, approver, {}, `${fy}-05-10`, 'GrantDecided');
    await sign(steps.granted.position);

    // A designation round in this spec's band (a year an earlier run opened is taken: another one),
    // one recommendation, designated at the cut-off.
    for (let tries = 0; ; tries++) {
      const opened = await client.post(
        '/designation-rounds',
        caseworker,
        { fiscalYear: roundFy },
        `${roundFy}-10-01`,
      );
      if (opened.status === 201) break;
      if (opened.status !== 409 || tries === 20)
        throw new Error(`POST /designation-rounds → ${opened.status}`);
      roundFy = bandYear();
    }
    const recommended = await client.post(
      `/designation-rounds/${roundFy}/recommendations`,
      municipality(HACHIOJI),
      {
        recommendationId: 'r-a',
        municipalityCode: HACHIOJI,
        institution: { institutionId: INSTITUTION, name: '在宅クリニック監査', homeCareSupport: true },
        consultation: {
          parties: ['八王子市医師会'],
          heldOn: `${roundFy + 1}-01-20`,
          summary: '推薦候補について協議',
        },
      },
      `${roundFy + 1}-02-10`,
    );
    expect(recommended.status).toBe(201);
    positions.recommended = recommended.body.position;
    const designated = await client.post(
      `/designation-rounds/${roundFy}/designations`,
      caseworker,
      {},
      `${roundFy + 1}-03-14`,
    );
    expect(designated.status).toBe(201);
    positions.designated = designated.body.position;

    // The newest checkpoint and the one before it are this spec's, signed with the key the api trusts:
    // an earlier suite on the shared database may have signed with a key of its own.
    checkpoint = await sign(designated.body.position);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('GET /audit/verification: auditors (and admins) get the check from the newest checkpoint; a caseworker is refused', async () => {
    const refused = await client.get('/audit/verification', refusedCaseworker);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'ROLE_NOT_ALLOWED' });
    const { status, body } = await client.get('/audit/verification', { sub: 'au-verify', role: 'auditor' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      scope: 'sinceNewestCheckpoint',
      ok: true,
      complete: true,
      findings: [],
      newestCheckpoint: {
        sequence: checkpoint.sequence,
        position: checkpoint.position,
        eventCount: checkpoint.eventCount,
        signatureValid: true,
      },
    });
    expect(BigInt(body.checkedUpTo)).toBeGreaterThanOrEqual(BigInt(checkpoint.position));
  });

  describe('an auditor', () => {
    let page: Page;
    let pageErrors: string[];
    beforeAll(async () => {
      ({ page, errors: pageErrors } = await newConsolePage(browser));
      await signIn(page, baseUrl, { role: 'auditor', name: auditorName });
    });

    it('sees the tamper check OK with the newest signed checkpoint, and the case’s history', async () => {
      await page.goto(`${baseUrl}/audit?scope=stream&streamId=${streamId}`);
      await page.getByRole('heading', { name: '監査', level: 1 }).waitFor();
      const status = page.getByRole('status');
      await status.filter({ hasText: 'OK: 改ざんは検出されませんでした' }).waitFor();
      const verification = page.getByRole('region', { name: '改ざん検証' });
      await expect(verification.innerText()).resolves.toContain(`番号\n${checkpoint.sequence}`);
      await expect(verification.innerText()).resolves.toContain('有効（信頼する鍵で検証済み）');

      const table = page.getByRole('table', { name: '履歴（古い順）' });
      await table.getByRole('row').filter({ hasText: 'GrantDecided' }).waitFor();
      const rows = table.getByRole('row').filter({ hasText: streamId });
      const types = (await rows.allInnerTexts()).map((row) => row.split('\t')[3]);
      expect(types).toEqual(
        expect.arrayContaining([
          'ApplicationDrafted',
          'ApplicationSubmitted',
          'ReviewStarted',
          'GrantDecided',
        ]),
      );
      const reviewRow = rows.filter({ hasText: 'ReviewStarted' });
      await expect(reviewRow.getByRole('cell').nth(4).innerText()).resolves.toBe('cw-1（担当職員）');
      await expect(reviewRow.locator('time').first().getAttribute('title')).resolves.toBe(`${fy}年4月20日`);
      await screenshot(page, 'console-audit');
      expect(await seriousViolations(page)).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    it('downloads the case’s history as CSV (with the cookie session): its events, Japanese headers, BOM', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'CSVでダウンロード（Excel向け）' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const text = await readFile((await download.path())!, 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const lines = text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toContain('位置');
      expect(lines[0]).toContain('ストリーム');
      const body = lines.slice(1);
      expect(body.every((line) => line.includes(streamId))).toBe(true);
      for (const type of ['ApplicationDrafted', 'ApplicationSubmitted', 'ReviewStarted', 'GrantDecided'])
        expect(body.some((line) => line.includes(`,${type},`))).toBe(true);
      expect(body.some((line) => line.includes(steps.granted.position))).toBe(true);
    });

    it('opens the case as of its review (before the decision) from the history, and after a reload still sees it', async () => {
      const position = steps.reviewed.position;
      await page.getByRole('link', { name: `この時点の案件（ReviewStarted、${position}）` }).click();
      await page.waitForURL(
        `${baseUrl}/audit/as-of?kind=application&applicationId=${applicationId}&position=${position}`,
      );
      const stage = page.getByTestId('as-of-stage');
      await expect(stage.innerText()).resolves.toBe('審査中');
      await expect(page.getByText(`位置 ${position} 時点`).isVisible()).resolves.toBe(true);
      await screenshot(page, 'console-audit-as-of');
      expect(await seriousViolations(page)).toEqual([]);

      await page.reload();
      await page.getByTestId('as-of-stage').waitFor();
      await expect(page.getByTestId('as-of-stage').innerText()).resolves.toBe('審査中');
      await expect(page.getByLabel('位置', { exact: true }).inputValue()).resolves.toBe(position);
      expect(pageErrors).toEqual([]);
    });

    it('picks the decision’s position, then a day (native date input) before the review', async () => {
      await page.getByLabel('位置', { exact: true }).fill(steps.granted.position);
      await page.getByRole('button', { name: '表示する' }).click();
      await page.waitForURL(new RegExp(`position=${steps.granted.position}$`));
      await page.getByTestId('as-of-stage').filter({ hasText: '交付決定' }).waitFor();
      const article = page.getByRole('article', { name: '案件' });
      await expect(article.innerText()).resolves.toContain('交付決定額\n10,000,000円');

      await page.getByLabel('日付（その日の終わり）').check();
      await page.getByLabel('日付', { exact: true }).fill(`${fy}-04-10`);
      await page.getByRole('button', { name: '表示する' }).click();
      await page.waitForURL(new RegExp(`date=${fy}-04-10$`));
      await page.getByTestId('as-of-stage').filter({ hasText: '申請済' }).waitFor();
      await expect(page.getByRole('article', { name: '案件' }).innerText()).resolves.toContain(
        `ApplicationSubmitted（位置 ${steps.submitted.position}`,
      );
      await screenshot(page, 'console-audit-as-of-date');
      expect(pageErrors).toEqual([]);
    });

    it('says a case did not exist yet before its first event, and shows the recipient’s timeline as of the decision', async () => {
      const drafted = BigInt(steps.drafted.position);
      await page.goto(
        `${baseUrl}/audit/as-of?kind=application&applicationId=${applicationId}&position=${drafted - 1n}`,
      );
      await expect(page.getByRole('alert').innerText()).resolves.toContain('did not exist yet');

      await page.getByRole('combobox', { name: '対象', exact: true }).selectOption('timeline');
      await page.getByLabel('受給者ID').fill(`muni-${CHIYODA}`);
      await page.getByLabel('事業ID').fill(PEDIATRIC);
      await page.getByLabel('位置', { exact: true }).fill(steps.granted.position);
      await page.getByRole('button', { name: '表示する' }).click();
      const years = page.getByRole('table', {
        name: new RegExp(`^年度ごとの状態（muni-${CHIYODA}・${PEDIATRIC}）`),
      });
      const year = years.getByRole('row').filter({ hasText: applicationId });
      await year.waitFor();
      await expect(year.innerText()).resolves.toContain(`令和${fy - 2018}年度`);
      await expect(year.innerText()).resolves.toContain(`${applicationId} 交付決定 10,000,000円`);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'console-audit-as-of-timeline');

      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();
      const yearInEnglish = page
        .getByRole('table', { name: /^The years as they stood/ })
        .getByRole('row')
        .filter({ hasText: applicationId });
      await expect(yearInEnglish.innerText()).resolves.toContain(`FY${fy}`);
      await expect(yearInEnglish.innerText()).resolves.toContain(`${applicationId} Grant decided`);
      await page.getByRole('button', { name: '日本語に切り替える' }).click();
      await page.getByRole('heading', { name: '監査', level: 1 }).waitFor();
      expect(pageErrors).toEqual([]);
    });
    it('shows the designated list of a round before and after its designation', async () => {
      await page.goto(
        `${baseUrl}/audit/as-of?kind=designation&fiscalYear=${roundFy}&position=${positions.recommended}`,
      );
      const list = page.getByRole('table', {
        name: new RegExp(`^指定医療機関（その時点）（令和${roundFy - 2018}年度）`),
      });
      await list.getByRole('cell', { name: 'その時点で指定された医療機関はありません' }).waitFor();
      await page.getByLabel('位置', { exact: true }).fill(positions.designated!);
      await page.getByRole('button', { name: '表示する' }).click();
      const row = list.getByRole('row').filter({ hasText: INSTITUTION });
      await row.waitFor();
      const cells = await row.getByRole('cell').allInnerTexts();
      expect(cells.slice(0, 2)).toEqual([`在宅クリニック監査（${INSTITUTION}）`, HACHIOJI]);
      expect(cells[2]).toMatch(new RegExp(`^令和${roundFy + 1 - 2018}年3月14日$`));
      await screenshot(page, 'console-audit-as-of-designations');
      expect(await seriousViolations(page)).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  });

  it('an admin sees the auditor’s as-of reads and export in the access log, and a refusal in the security log', async () => {
    const { page, errors } = await newConsolePage(browser);
    await signIn(page, baseUrl, { role: 'admin', name: `admin-${RUN}` });
    await page.goto(`${baseUrl}/audit/logs?actorId=${auditorName}`);
    const access = page.getByRole('table', { name: '誰がいつ履歴・時点の状態を閲覧したか（古い順）' });
    const asOfRows = access.getByRole('row').filter({ hasText: 'AsOfQueried' });
    await asOfRows.first().waitFor();
    const reads = await asOfRows.allInnerTexts();
    expect(
      reads.some(
        (row) => row.includes(`id=${applicationId}`) && row.includes(`position=${steps.reviewed.position}`),
      ),
    ).toBe(true);
    expect(reads.some((row) => row.includes(`at=${fy}-04-10T23:59:59.999+09:00`))).toBe(true);
    await access.getByRole('row').filter({ hasText: 'HistoryExportStarted' }).first().waitFor();
    await expect(reads[0]).toContain(`${auditorName}（監査）`);
    await screenshot(page, 'console-audit-logs');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('実行者ID').fill(refusedCaseworker.sub);
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL(`${baseUrl}/audit/logs?actorId=${refusedCaseworker.sub}`);
    const security = page.getByRole('table', { name: '拒否されたリクエスト（古い順）' });
    const refusal = security.getByRole('row').filter({ hasText: 'ROLE_NOT_ALLOWED' });
    await refusal.waitFor();
    await expect(refusal.innerText()).resolves.toContain('/audit/verification');
    await page.reload();
    await security.getByRole('row').filter({ hasText: 'ROLE_NOT_ALLOWED' }).waitFor();
    expect(errors).toEqual([]);
  });
});
