import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import type { ManualClock } from '#platform';
import { at, CaseClient, casesApp, caseworker, municipality, uniqueId } from './cases-app.ts';
import {
  launchChromium,
  newConsolePage,
  screenshot,
  seriousViolations,
  signIn,
  type ConsoleUser,
} from './console-browser.ts';

const CHIYODA = '131016';
const HACHIOJI = '132012';
const PEDIATRIC = 'pediatric-home-care';

/**
 * 案件 in Chromium, one browser context per user, every command sent from the case page's forms
 * (their fields from the api's schema of the command): a municipality drafts and submits, a caseworker
 * reviews, the reviewer cannot approve, another approver decides, payment, 実績報告, 額の確定 and 完結;
 * another municipality finds nothing at the case's URL.
 */
describe('the console in Chromium: 案件 (a case) from draft to close', () => {
  let app: INestApplication;
  let clock: ManualClock;
  let client: CaseClient;
  let browser: Browser;
  let baseUrl: string;
  const fy = 6001 + Math.floor(Math.random() * 99); // years 6001–6100 (and the next): this spec's own band
  const applicationId = uniqueId('console-case');
  const caseUrl = () => `${baseUrl}/cases/${applicationId}`;
  const users: Record<string, { page: Page; errors: string[] }> = {};

  async function as(user: ConsoleUser): Promise<Page> {
    const key = `${user.role}:${user.name}`;
    if (users[key] === undefined) {
      users[key] = await newConsolePage(browser);
      users[key].page.setDefaultTimeout(10_000);
      await signIn(users[key].page, baseUrl, user);
    }
    return users[key].page;
  }
  const muni = () => as({ role: 'municipality', name: 'chiyoda-1', municipalityCode: CHIYODA });
  const bob = () => as({ role: 'caseworker', name: 'bob' });
  const bobAsApprover = () => as({ role: 'approver', name: 'bob' });
  const carol = () => as({ role: 'approver', name: 'carol' });

  /** The case as the api tells it now (the test's own check of what the browser did). */
  async function caseNow(): Promise<{
    stage: string;
    reviewerIds: string[];
    history: { type: string; actorId: string; actorRole: string; at: string }[];
  }> {
    const response = await client.get(`/applications/${applicationId}`, caseworker);
    expect(response.status).toBe(200);
    return response.body;
  }
  const stageShown = (page: Page) => page.getByTestId('stage').innerText();
  async function waitForStage(page: Page, stage: string): Promise<void> {
    await page.getByTestId('stage').filter({ hasText: stage }).waitFor();
  }
  async function openCase(page: Page): Promise<void> {
    await page.goto(caseUrl());
    await page.getByRole('heading', { name: `案件 ${applicationId}` }).waitFor();
    await page.getByTestId('stage').waitFor(); // the case has loaded
  }
  /** The command's form, opened by its button. */
  async function openForm(page: Page, command: string) {
    await page.getByRole('button', { name: command, exact: true }).click();
    const form = page.getByRole('form', { name: command });
    await form.waitFor();
    return form;
  }
  /** Tab through the page until the focused element is the named button (keyboard only). */
  async function tabTo(page: Page, name: string): Promise<void> {
    for (let step = 0; step < 60; step += 1) {
      await page.keyboard.press('Tab');
      const focused = page.locator('button:focus');
      if ((await focused.count()) === 1 && (await focused.innerText()).trim() === name) return;
    }
    throw new Error(`no button ${name} reached by Tab`);
  }

  beforeAll(async () => {
    ({ app, clock } = await casesApp());
    client = new CaseClient(app, clock);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a municipality drafts on the 新規申請 form (from the schema of POST /applications) and submits with the keyboard alone', async () => {
    const page = await muni();
    await page.getByRole('link', { name: '新規申請' }).click();
    const form = page.getByRole('form', { name: '申請書を作成' });
    await form.waitFor();
    // The recipient is the municipality itself; the fields the schema requires are marked.
    await expect(form.getByLabel('団体コード（6桁）').inputValue()).resolves.toBe(CHIYODA);
    await expect(form.getByLabel('補助先の種別').inputValue()).resolves.toBe('municipality');
    await form.getByLabel('案件番号').fill(applicationId);
    // Nothing typed for the programme: the schema's required fields are named next to them.
    await form.getByRole('button', { name: '送信する' }).click();
    await expect(
      form.getByRole('alert').filter({ hasText: '入力してください' }).count(),
    ).resolves.toBeGreaterThanOrEqual(3);
    await screenshot(page, 'console-case-new-application');
    expect(await seriousViolations(page)).toEqual([]); // with its field errors shown
    await page.reload(); // a fresh page after axe-core ran in it
    await form.waitFor();
    await form.getByLabel('案件番号').fill(applicationId);
    await form.getByLabel('事業ID').fill(PEDIATRIC);
    await form.getByLabel('メニューID').fill(PEDIATRIC);
    await form.getByLabel('年度（西暦）').fill(String(fy));
    await form.getByLabel('対象経費の支出予定額（円）').fill('12000000');
    clock.set(at(`${fy}-04-03`));
    await form.getByRole('button', { name: '送信する' }).click();
    await page.waitForURL(caseUrl());
    await waitForStage(page, '作成中');
    await page.getByText('12,000,000円').first().waitFor();
    await screenshot(page, 'console-case-draft');
    expect(await seriousViolations(page)).toEqual([]);

    // Keyboard only: Tab to 申請, Enter opens its form, Tab to 送信する, Enter sends it.
    await page.reload();
    await waitForStage(page, '作成中');
    await tabTo(page, '申請');
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: '申請' }).waitFor();
    // The open form takes the focus on its first field (the reason).
    await expect(page.locator(':focus').getAttribute('name')).resolves.toBe('reason');
    await page.keyboard.type('書類一式を提出します');
    clock.set(at(`${fy}-04-10`));
    await tabTo(page, '送信する');
    await page.keyboard.press('Enter');
    await waitForStage(page, '申請済');
    await page.getByText('申請を記録しました。').waitFor();
    const history = page.getByRole('region', { name: '経過' });
    await expect(history.getByRole('listitem').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^申請書が作成されました\n+chiyoda-1（区市町村）·令和\d+年4月3日$/),
      expect.stringMatching(
        /^申請されました\n+chiyoda-1（区市町村）·令和\d+年4月10日\n+理由: 書類一式を提出します$/,
      ),
    ]);
    expect(users['municipality:chiyoda-1']!.errors).toEqual([]);
  }, 120_000);

  it('a caseworker reviews: a field error shown next to its field, then fixed; the checks with their reasons and sources', async () => {
    const page = await bob();
    await openCase(page);
    await page.getByText('まだ審査されていません。').waitFor();
    // Only the commands of this stage for this role: the caseworker reviews (or enters a withdrawal).
    await expect(
      page.getByRole('region', { name: '操作' }).getByRole('button').allInnerTexts(),
    ).resolves.toEqual(['審査', '取下げ']);
    const form = await openForm(page, '審査');
    await form.getByLabel('病床数').fill('-1');
    await form.getByRole('button', { name: '送信する' }).click();
    const kind = form.getByLabel('申請者の種別');
    await form.locator('[aria-invalid="true"][name="facts.applicant.kind"]').waitFor();
    const kindError = page.locator(`[id="${await kind.getAttribute('aria-describedby')}"]`);
    await expect(kindError.innerText()).resolves.toBe('入力してください');
    await form.getByRole('alert').filter({ hasText: '0以上を入力してください' }).waitFor();
    await expect(page.locator(':focus').getAttribute('name')).resolves.toBe('facts.applicant.kind');
    await kind.selectOption('municipality');
    await form.getByLabel('病床数').fill('');
    clock.set(at(`${fy}-04-20`));
    await form.getByRole('button', { name: '送信する' }).click();
    await waitForStage(page, '審査中');
    const checks = page.getByRole('table', { name: /要件の確認/ });
    await checks.waitFor();
    const rows = await checks.getByRole('row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).some((row) => row.includes('適合') && /§/.test(row))).toBe(true);
    await page.getByText('要件を満たしています').waitFor();
    // Before the decision the approver sees what would be granted: the rule in force on the requested amounts.
    const proposed = page.getByRole('table', {
      name: '交付決定前の算定：申請内容に現行ルールを当てはめた額 10,000,000円',
    });
    await expect(proposed.getByRole('row').allInnerTexts()).resolves.toContain(
      '補助額(千円未満切り捨て)\tfloor(10,000,000円 / 1,000円) × 1,000円\t10,000,000円',
    );
    const fourEyes = page.getByRole('region', { name: '審査と決裁（四つの目）' });
    await expect(fourEyes.innerText()).resolves.toContain('審査者\nbob');
    await screenshot(page, 'console-case-review');
    expect(await seriousViolations(page)).toEqual([]);
    expect(users['caseworker:bob']!.errors).toEqual([]);
  }, 120_000);

  it('the reviewer, signed in as an approver, cannot approve: the buttons are disabled and say why', async () => {
    const page = await bobAsApprover();
    await openCase(page);
    const grant = page.getByRole('button', { name: '交付決定', exact: true });
    await expect(grant.isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: '不交付', exact: true }).isDisabled()).resolves.toBe(true);
    const why = page.locator('#four-eyes-notice');
    await expect(why.innerText()).resolves.toBe('審査者 bob は決裁できません（この案件を審査したため）。');
    await expect(grant.getAttribute('aria-describedby')).resolves.toBe('four-eyes-notice');
    await screenshot(page, 'console-case-four-eyes');
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);

  it('an approver decides the grant: a double click sends one command; a stale form shows the 409 with the allowed commands', async () => {
    const dave = await as({ role: 'approver', name: 'dave' });
    await openCase(dave);
    const stale = await openForm(dave, '交付決定');

    const page = await carol();
    await openCase(page);
    await page.getByText('あなた（carol）はこの案件を決裁できます。').waitFor();
    const form = await openForm(page, '交付決定');
    clock.set(at(`${fy}-05-10`));
    await form.getByRole('button', { name: '送信する' }).dblclick();
    await waitForStage(page, '交付決定');
    expect((await caseNow()).history.filter((event) => event.type === 'GrantDecided')).toHaveLength(1);
    // The amount with its trace: base, expenditure − income, the rate, 千円未満切捨て, rule and seed.
    const trace = page.getByRole('table', { name: '交付決定額 10,000,000円 の算定' });
    const steps = await trace.getByRole('row').allInnerTexts();
    expect(steps.join('\n')).toContain('実支出額 − 寄付金その他の収入');
    expect(steps.join('\n')).toContain('補助額(千円未満切り捨て)');
    await page.getByText(/^ルール版 /).waitFor();
    await page.getByText(/^基準額 10,000,000円・補助率 10\/10$/).waitFor();
    await expect(
      page.getByRole('region', { name: '補助額の算定' }).getByText(/§/).count(),
    ).resolves.toBeGreaterThan(0);
    await screenshot(page, 'console-case-granted');
    expect(await seriousViolations(page)).toEqual([]);

    await stale.getByRole('button', { name: '送信する' }).click();
    await expect(stale.getByRole('alert').innerText()).resolves.toBe(
      'この段階では行えません（段階: GrantDecided）。行える操作: 変更申請、支払の記録、実績報告',
    );
    expect((await caseNow()).history.filter((event) => event.type === 'GrantDecided')).toHaveLength(1);
    expect(users['approver:carol']!.errors).toEqual([]);
    expect(users['approver:dave']!.errors).toEqual([]);
  }, 120_000);

  it('the caseworker records the payment: the api’s 400 next to its field, its 422 next to the button, then paid', async () => {
    const page = await bob();
    await openCase(page);
    const form = await openForm(page, '支払の記録');
    clock.set(at(`${fy}-05-20`));
    await form.getByLabel('振込番号').fill('pay 1');
    await form.getByLabel('金額（円）').fill('10000001');
    await form.getByRole('button', { name: '送信する' }).click();
    const paymentId = form.getByLabel('振込番号');
    await form.locator('[aria-invalid="true"]').waitFor(); // the api's answer
    await expect(paymentId.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(
      form.locator(`[id="${await paymentId.getAttribute('aria-describedby')}"]`).innerText(),
    ).resolves.toMatch(/paymentId/);
    await paymentId.fill(uniqueId('pay'));
    await form.getByRole('button', { name: '送信する' }).click();
    const refusal = form.getByRole('alert').filter({ hasText: '受け付けられませんでした' });
    await expect(refusal.innerText()).resolves.toMatch(
      /^受け付けられませんでした: amount: .*exceeds the granted amount 10,000,000円/,
    );
    await expect(form.getByRole('alert').count()).resolves.toBe(1); // the field's 400 is gone
    await expect(paymentId.getAttribute('aria-invalid')).resolves.toBe(null);
    await form.getByLabel('金額（円）').fill('10000000');
    await form.getByRole('button', { name: '送信する' }).click();
    await page.getByText('支払の記録を記録しました。').waitFor();
    await expect(page.getByRole('region', { name: '案件の内容' }).innerText()).resolves.toContain(
      '支払済額\n10,000,000円',
    );
    expect(users['caseworker:bob']!.errors).toEqual([]);
  }, 120_000);

  it('the municipality reports performance, the approver confirms the amount, the caseworker closes', async () => {
    const applicant = await muni();
    await openCase(applicant);
    const report = await openForm(applicant, '実績報告');
    await report.getByLabel('実支出額（円）').fill('12000000');
    await report.getByLabel('寄付金その他の収入（円）').fill('0');
    clock.set(at(`${fy + 1}-04-05`));
    // The first attempt is lost on the way: the retry of the same submission carries the same key.
    const keys: string[] = [];
    await applicant.route('**/performance-report', async (route) => {
      keys.push(route.request().headers()['idempotency-key']!);
      await (keys.length === 1 ? route.abort('failed') : route.continue());
    });
    await report.getByRole('button', { name: '送信する' }).click();
    await report.getByRole('alert').filter({ hasText: '通信できませんでした' }).waitFor();
    await report.getByRole('button', { name: '送信する' }).click();
    await waitForStage(applicant, '実績報告済');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^console-[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);

    const approver = await carol();
    await openCase(approver);
    const confirm = await openForm(approver, '額の確定');
    clock.set(at(`${fy + 1}-04-20`));
    await confirm.getByRole('button', { name: '送信する' }).click();
    await waitForStage(approver, '額確定');
    await approver
      .getByRole('table', { name: '確定額 10,000,000円 の算定（交付決定額 10,000,000円 が上限）' })
      .waitFor();
    await screenshot(approver, 'console-case-confirmed');

    const office = await bob();
    await openCase(office);
    const close = await openForm(office, '完結');
    clock.set(at(`${fy + 1}-05-02`));
    await close.getByRole('button', { name: '送信する' }).click();
    await waitForStage(office, '完結');
    await expect(office.getByText('この段階であなたが行える操作はありません。').isVisible()).resolves.toBe(
      true,
    );
    await expect(
      office.getByRole('region', { name: '経過' }).getByRole('listitem').allInnerTexts(),
    ).resolves.toHaveLength(8);
    const closed = await caseNow();
    // GET /applications/:id tells who reviewed and the history with who did what, when.
    expect(closed.reviewerIds).toEqual(['bob']);
    expect(closed.history[3]).toEqual({
      type: 'GrantDecided',
      actorId: 'carol',
      actorRole: 'approver',
      at: new Date(at(`${fy}-05-10`)).toISOString(),
    });
    expect(closed.history.map((event) => event.type)).toEqual([
      'ApplicationDrafted',
      'ApplicationSubmitted',
      'ReviewStarted',
      'GrantDecided',
      'PaymentRecorded',
      'PerformanceReported',
      'AmountConfirmed',
      'ApplicationClosed',
    ]);
    await screenshot(office, 'console-case-closed');
    expect(await seriousViolations(office)).toEqual([]);
    // A reload of the page's URL shows the case again.
    await office.reload();
    await waitForStage(office, '完結');
    expect(await stageShown(office)).toBe('完結');
    // In English by the toggle: the stage, the timeline and the actions' words.
    await office.getByRole('button', { name: 'Switch to English' }).click();
    await office.getByRole('heading', { name: `Case ${applicationId}` }).waitFor();
    expect(await stageShown(office)).toBe('Closed');
    await office.getByRole('region', { name: 'History' }).getByText('Grant decided').waitFor();
    await office.getByText('You have no action at this stage.').waitFor();
    await office.getByRole('button', { name: '日本語に切り替える' }).click();
    await waitForStage(office, '完結');
    for (const user of Object.values(users)) expect(user.errors).toEqual([]);
  }, 180_000);

  it('補正: the caseworker asks for a correction (items one per line, a native date input), the municipality resubmits', async () => {
    const corrected = uniqueId('console-case-correction');
    const who = municipality(CHIYODA);
    const recipient = { kind: 'municipality', id: `muni-${CHIYODA}`, municipalityCode: CHIYODA };
    const draft = { applicationId: corrected, programId: PEDIATRIC, menuId: PEDIATRIC, fiscalYear: fy };
    await client.step(
      '/applications',
      who,
      { ...draft, programYear: 1, recipient, plannedExpenditure: 8_000_000, otherIncome: 0 },
      `${fy}-04-03`,
      'Draft',
    );
    await client.step(`/applications/${corrected}/submit`, who, {}, `${fy}-04-10`, 'Submitted');
    const facts = { facts: { applicant: { kind: 'municipality' } } };
    await client.step(`/applications/${corrected}/review`, caseworker, facts, `${fy}-04-20`, 'UnderReview');

    const office = await bob();
    await office.goto(`${baseUrl}/cases/${corrected}`);
    const ask = await openForm(office, '補正依頼');
    await ask.getByLabel('補正項目').fill('人件費の内訳\n見積書');
    await ask.getByLabel('回答期限').fill(`${fy}-05-08`);
    await expect(ask.getByLabel('回答期限').getAttribute('type')).resolves.toBe('date');
    await ask.getByLabel('理由').fill('内訳が不足');
    clock.set(at(`${fy}-04-22`));
    await ask.getByRole('button', { name: '送信する' }).click();
    await waitForStage(office, '補正依頼中');
    const asked = await client.get(`/applications/${corrected}`, caseworker);
    expect(asked.body.state.correction).toEqual({
      items: ['人件費の内訳', '見積書'],
      responseDueDate: `${fy}-05-08`,
    });

    const applicant = await muni();
    await applicant.goto(`${baseUrl}/cases/${corrected}`);
    const resubmit = await openForm(applicant, '再提出');
    await resubmit.getByLabel('対象経費の支出予定額（円）').fill('9000000');
    await resubmit.getByLabel('補正への回答').fill('内訳を添付しました');
    clock.set(at(`${fy}-05-01`));
    await resubmit.getByRole('button', { name: '送信する' }).click();
    await waitForStage(applicant, '再提出');
    await expect(applicant.getByRole('region', { name: '案件の内容' }).innerText()).resolves.toContain(
      '対象経費の支出予定額\n9,000,000円',
    );
    expect(users['caseworker:bob']!.errors).toEqual([]);
    expect(users['municipality:chiyoda-1']!.errors).toEqual([]);
  }, 120_000);

  it('a municipality sees only its own cases: another’s case URL shows 見つかりません (the api answers 404)', async () => {
    expect((await client.get(`/applications/${applicationId}`, municipality(HACHIOJI))).status).toBe(404);
    const page = await as({ role: 'municipality', name: 'hachioji-1', municipalityCode: HACHIOJI });
    await page.goto(caseUrl());
    await page.getByRole('heading', { name: '見つかりません' }).waitFor();
    await expect(page.getByText(applicationId).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // The case's own municipality still sees it.
    await openCase(await muni());
  }, 60_000);
});
