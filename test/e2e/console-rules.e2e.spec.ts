import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import { CaseClient, casesApp, caseworker, uniqueId } from './cases-app.ts';
import { departures, openApiDocument } from './openapi-conformance.ts';
import {
  launchChromium,
  newConsolePage,
  screenshot,
  seriousViolations,
  signIn,
  listenLocally,
} from './console-browser.ts';

const example = (ext: 'json' | 'csv') =>
  readFileSync(new URL(`../../docs/examples/fiscal-year-rules-r8.example.${ext}`, import.meta.url), 'utf8');
const EXAMPLE = JSON.parse(example('json')) as {
  source: Record<string, unknown>;
  programs: Record<string, unknown>[];
};
const PROGRAM = 'home-care-environment';
// The console signs an admin in as `sub: <name>`: the same admins through the API and in the browser.
const alice: TokenClaims = { sub: 'alice', role: 'admin' };
const bob: TokenClaims = { sub: 'bob', role: 'admin' };

/**
 * ルール in a real Chromium against the real app on the test PostgreSQL: a version of 在宅療養環境整備支援事業
 * entered for one year through the API, the next year's entered through the page as CSV by one admin —
 * first with an error shown at its line and column — whom the page does not let release it (the reason
 * shown before anyone tries), released by a second admin, and the diff between the two versions shown
 * with the cell that changed.
 */
describe('the console in Chromium: ルール (fiscal-year rules)', () => {
  let app: INestApplication;
  let client: CaseClient;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  let baseUrl: string;
  const errors: string[][] = [];
  let fy = 0; // two free years of this spec's band 6301–6400: fy and fy + 1
  const versionA = uniqueId('A');
  const versionB = uniqueId('B');
  const today = new Date().toISOString().slice(0, 10);

  /** No proposal yet for the year (a rerun on the same database picks other years). */
  async function freeYear(year: number): Promise<boolean> {
    const response = await client.get(`/rules/fiscal-years/${year}`, caseworker);
    return response.status === 200 && response.body.proposals.length === 0;
  }

  beforeAll(async () => {
    const started = await casesApp();
    app = started.app;
    client = new CaseClient(app, started.clock);
    for (let tries = 0; tries < 200 && fy === 0; tries++) {
      const year = 6301 + Math.floor(Math.random() * 99);
      if ((await freeYear(year)) && (await freeYear(year + 1))) fy = year;
    }
    expect(fy).toBeGreaterThan(0);
    // Version A for fy, proposed by alice and released by bob through the API.
    const proposed = await client.post(
      `/rules/fiscal-years/${fy}/proposals`,
      alice,
      { source: EXAMPLE.source, programs: [{ ...EXAMPLE.programs[0], versionId: versionA }], schedules: [] },
      today,
    );
    expect([proposed.status, proposed.body.error]).toEqual([201, undefined]);
    const released = await client.post(
      `/rules/fiscal-years/${fy}/proposals/${proposed.body.proposalId}/release`,
      bob,
      {},
      today,
    );
    expect(released.status).toBe(200);

    baseUrl = await listenLocally(app);
    browser = await launchChromium();
    for (const [name, assign] of [
      ['alice', (p: Page) => (alicePage = p)],
      ['bob', (p: Page) => (bobPage = p)],
    ] as const) {
      const { page, errors: pageErrors } = await newConsolePage(browser);
      errors.push(pageErrors);
      assign(page);
      await signIn(page, baseUrl, { role: 'admin', name });
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Version B: the example table with its own version id and one cell changed (協議会 4年目以降 3583 → 3600). */
  const csvB = (rate = '1/2') =>
    example('csv')
      .replaceAll(`,R8,`, `,${versionB},`)
      .replace(',4,,perUnit,3583,menu,1/2', `,4,,perUnit,3600,menu,${rate}`);

  it('an admin proposes the next year’s rules as CSV: an error at its line and column first, then the proposal, which she cannot release herself', async () => {
    const page = alicePage;
    await page.goto(`${baseUrl}/rules?fiscalYear=${fy + 1}`);
    await page.getByRole('heading', { name: 'ルール（年度の補助要件）' }).waitFor();
    await page.getByText('この年度の提案はありません').waitFor();
    await page
      .getByLabel('根拠文書の題名')
      .fill(`令和${fy + 1 - 2018}年度 在宅療養環境整備支援事業 補助金交付要綱（e2e）`);
    await page.getByLabel('根拠文書の日付').fill(`${fy + 1}-04-01`);
    await page.getByLabel('根拠文書の条・別表').fill('別表第1');
    const csv = page.getByLabel('CSVの内容（docs/examples/fiscal-year-rules-r8.example.csv の形式）');
    const keys: (string | undefined)[] = [];
    page.on('request', (sent) => {
      if (sent.method() === 'POST' && sent.url().includes('/proposals/csv'))
        keys.push(sent.headers()['idempotency-key']);
    });
    await csv.fill(csvB('1/0'));
    await page.getByRole('button', { name: '提案する' }).click();
    // The error names the cell: line 5 (the 協議会's 4年目以降 row), column 14 (subsidyRate).
    const alert = page.getByRole('alert').filter({ hasText: '入力の誤り' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/5行14列/);
    await expect(csv.getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'console-rules-error');
    expect(await seriousViolations(page)).toEqual([]);

    await csv.fill(csvB());
    await page.getByRole('button', { name: '提案する' }).click();
    await page.getByRole('status').filter({ hasText: '別の管理者の施行を待っています' }).waitFor();
    const row = page.getByRole('table', { name: 'この年度の提案' }).getByRole('row').nth(1);
    await row.getByText('施行待ち').waitFor();
    expect(await row.innerText()).toContain(`${PROGRAM} ${versionB}`);
    const release = row.getByRole('button', { name: '施行する' });
    await expect(release.isDisabled()).resolves.toBe(true);
    await expect(
      row.getByText('提案者（alice）は施行できません。別の管理者が施行します（四つの目）。').isVisible(),
    ).resolves.toBe(true);
    await screenshot(page, 'console-rules-proposed');
    expect(await seriousViolations(page)).toEqual([]);

    // each submission its own Idempotency-Key: the refused one and the accepted one
    expect(keys).toHaveLength(2);
    expect(keys.every((key) => /^console-[0-9a-f]{32}$/.test(key ?? ''))).toBe(true);
    expect(keys[0]).not.toBe(keys[1]);
    const api = await client.get(`/rules/fiscal-years/${fy + 1}`, caseworker);
    expect(api.body.proposals).toMatchObject([
      {
        status: 'proposed',
        proposed: { actorId: 'alice' },
        programs: [{ programId: PROGRAM, versionId: versionB }],
      },
    ]);
  });

  it('a second admin releases it; the catalogue shows the entered version, and a reload shows it again', async () => {
    const page = bobPage;
    await page.goto(`${baseUrl}/rules?fiscalYear=${fy + 1}`);
    const row = page.getByRole('table', { name: 'この年度の提案' }).getByRole('row').nth(1);
    await row.getByRole('button', { name: '施行する' }).click();
    await row.getByText('施行済').waitFor();
    expect(await row.innerText()).toContain('bob');
    const catalogue = page.getByRole('table', { name: '施行中の事業と版' });
    const entry = catalogue.getByRole('row').filter({ hasText: PROGRAM });
    await entry.getByText(versionB).waitFor();
    expect(await entry.innerText()).toContain('入力（施行済）');

    await page.reload();
    await catalogue.getByRole('row').filter({ hasText: versionB }).waitFor();
    const api = await client.get(`/rules/catalogue?fiscalYear=${fy + 1}`, caseworker);
    expect(api.body.programs).toContainEqual(
      expect.objectContaining({
        origin: 'entered',
        version: expect.objectContaining({ versionId: versionB }),
      }),
    );
  });

  it('shows the diff between the two versions with the cell that changed', async () => {
    const page = bobPage;
    await page.goto(`${baseUrl}/rules?fiscalYear=${fy + 1}`);
    await page.getByRole('combobox', { name: '事業', exact: true }).selectOption(PROGRAM);
    await page.getByLabel('比較元の版').selectOption(versionA);
    await page.getByLabel('比較先の版').selectOption(versionB);
    await page.getByRole('button', { name: '比較する' }).click();
    const table = page.getByRole('table', { name: `${versionA} から ${versionB} への変更` });
    await table.waitFor();
    const api = await client.get(
      `/rules/programs/${PROGRAM}/diff?from=${versionA}&to=${versionB}`,
      caseworker,
    );
    const changed = (api.body.changes as { path: string; before: unknown; after: unknown }[]).find((c) =>
      c.path.endsWith('.amount'),
    )!;
    expect([changed.before, changed.after]).toEqual([3_583_000, 3_600_000]); // 千円 entered, yen kept
    const cells = await table
      .getByRole('row')
      .filter({ hasText: changed.path })
      .getByRole('cell')
      .allInnerTexts();
    expect(cells).toEqual([changed.path, '3583000', '3600000']);
    await expect(table.getByRole('row').count()).resolves.toBe(api.body.changes.length + 1);
    await screenshot(page, 'console-rules-diff');
    expect(await seriousViolations(page)).toEqual([]);

    await page.reload();
    await table.waitFor();
    expect(errors).toEqual([[], []]);
  });

  it('an admin pastes a correction as JSON (a paste that is not JSON refused in the page), then withdraws it with a reason', async () => {
    const page = alicePage;
    await page.goto(`${baseUrl}/rules?fiscalYear=${fy + 1}`);
    await page.getByRole('radio', { name: 'JSON文書' }).check();
    const field = page.getByLabel('JSON文書（docs/examples/fiscal-year-rules-r8.example.json の形式）');
    await field.fill('{ "source": ');
    await page.getByRole('button', { name: '提案する' }).click();
    await page.getByRole('alert').filter({ hasText: 'JSONとして読めません' }).waitFor();
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');

    const versionC = uniqueId('C');
    const correction = {
      source: EXAMPLE.source,
      programs: [
        { ...EXAMPLE.programs[0], versionId: versionC, supersedes: versionB, reason: '別表の誤記訂正' },
      ],
      schedules: [],
    };
    await field.fill(JSON.stringify(correction, null, 2));
    await page.getByRole('button', { name: '提案する' }).click();
    const proposalId = `${fy + 1}-2`;
    await page
      .getByRole('status')
      .filter({ hasText: `提案 ${proposalId} を登録しました` })
      .waitFor();
    const row = page
      .getByRole('table', { name: 'この年度の提案' })
      .getByRole('row')
      .filter({ hasText: proposalId });
    expect(await row.innerText()).toContain(`${PROGRAM} ${versionC} ← ${versionB}`);

    await row.getByLabel(`取下げの理由（${proposalId}）`).fill('施行前に内容を再確認するため');
    await row.getByRole('button', { name: '取り下げる' }).click();
    await row.getByText('取下げ', { exact: true }).waitFor();
    expect(await row.innerText()).toContain('施行前に内容を再確認するため');
    expect(await seriousViolations(page)).toEqual([]);
    const api = await client.get(`/rules/fiscal-years/${fy + 1}`, caseworker);
    expect(api.body.proposals[1]).toMatchObject({
      proposalId,
      status: 'withdrawn',
      withdrawn: { actorId: 'alice', reason: '施行前に内容を再確認するため' },
    });
    expect(errors).toEqual([[], []]);
  });

  it('answers the rules as their OpenAPI schemas document them (the console’s types come from there)', async () => {
    const document = openApiDocument(app);
    // the check itself finds what is missing or mistyped
    expect(departures(document, 'RuleDiffDto', { programId: 1, from: 'A', to: 'B' })).toEqual([
      'RuleDiffDto.changes: missing',
      'RuleDiffDto.programId: not a string',
    ]);
    for (const [path, schema] of [
      [`/rules/catalogue?fiscalYear=${fy + 1}`, 'CatalogueDto'],
      [`/rules/fiscal-years/${fy + 1}`, 'FiscalYearRulesDto'],
      [`/rules/programs/${PROGRAM}/versions`, 'ProgramVersionsDto'],
      [`/rules/programs/${PROGRAM}/diff?from=${versionA}&to=${versionB}`, 'RuleDiffDto'],
    ] as const) {
      const answer = await client.get(path, caseworker);
      expect(answer.status).toBe(200);
      expect(departures(document, schema, answer.body)).toEqual([]);
    }
  });
});
