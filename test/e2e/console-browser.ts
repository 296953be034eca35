import type { INestApplication } from '@nestjs/common';
import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (.ci/run installs it): npm packages may not download browsers here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the console specs write a screenshot of every page (git-ignored). */
export const ARTIFACTS = 'test-results';

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: number;
}

/** axe-core in the page (evaluated over the DevTools protocol: no script tag for the CSP to refuse). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) =>
       result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))`,
  )) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Chromium, headless, as a Tokyo office's browser: Japanese, Asia/Tokyo. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // --lang: the browser's own UI language, which native date inputs follow (年/月/日, not mm/dd/yyyy).
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--lang=ja-JP'] });
}

/**
 * A page of its own (its own cookies: one user per page) that collects uncaught errors in `errors`
 * (a refused request, e.g. the 401 of GET /session before sign-in, is not one).
 */
export async function newConsolePage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

export interface ConsoleUser {
  readonly role: 'caseworker' | 'approver' | 'municipality' | 'institution' | 'auditor' | 'admin';
  readonly name: string;
  readonly municipalityCode?: string;
  readonly institutionId?: string;
}

/** Signs in on the development sign-in page as `user` and waits for the work queue (or `landing`). */
export async function signIn(page: Page, baseUrl: string, user: ConsoleUser): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('役割').selectOption(user.role);
  await page.getByLabel('氏名（職員ID）').fill(user.name);
  if (user.municipalityCode !== undefined)
    await page.getByLabel('団体コード（6桁）').fill(user.municipalityCode);
  if (user.institutionId !== undefined) await page.getByLabel('医療機関等ID').fill(user.institutionId);
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  await page.getByRole('button', { name: 'サインアウト' }).waitFor();
}

/** A full-page screenshot of the page as it is now: `test-results/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/** Listens on a free loopback port and answers the base URL the browser opens (http://127.0.0.1:PORT). */
export async function listenLocally(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}
