import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import type { ManualClock } from '#platform';
import { CaseClient, caseworker, casesApp, municipality, uniqueId } from './cases-app.ts';
import {
  launchChromium,
  newConsolePage,
  screenshot,
  seriousViolations,
  signIn,
  listenLocally,
} from './console-browser.ts';

const HACHIOJI = '132012';
const CHIYODA = '131016';
const SHINJUKU = '131041';

/**
 * 指定 in Chromium against the real app: a round with two recommendations made over the API, a third
 * made late by a municipality through the page's form; then Tokyo's caseworker sees the status and the
 * late mark, designates (refused before the cut-off, next to the button), acknowledges a warning,
 * publishes, and downloads the published CSV.
 */
describe('the console in Chromium: 指定 (a designation round)', () => {
  let app: INestApplication;
  let clock: ManualClock;
  let client: CaseClient;
  let browser: Browser;
  let baseUrl: string;
  let fy = 0; // a year of 6201–6300, this spec's own band, whose round is not open yet on this database
  let vacant = 0; // another year of the band without a round
  const at = (day: string) => clock.set(`${day}T10:00:00+09:00`);
  const clinic = (id: string, name: string) => ({
    institutionId: uniqueId(id),
    name: `${name}在宅クリニック`,
  });

  const hachiojiClinic = clinic('inst-hachioji', '八王子');
  const chiyodaHospital = clinic('inst-chiyoda', '千代田');
  const shinjukuClinic = clinic('inst-shinjuku', '新宿');

  beforeAll(async () => {
    const started = await casesApp();
    app = started.app;
    clock = started.clock;
    client = new CaseClient(app, clock);
    baseUrl = await listenLocally(app);

    const created = async (
      path: string,
      who: Parameters<CaseClient['post']>[1],
      body: object,
      on: string,
    ) => {
      const answer = await client.post(path, who, body, on);
      expect({ path, status: answer.status, body: answer.body }).toMatchObject({ status: 201 });
    };
    // Earlier runs left rounds open in the band: try years until one opens (409 means taken).
    for (let tries = 0; fy === 0; tries++) {
      const year = 6201 + Math.floor(Math.random() * 100);
      const opened = await client.post(
        '/designation-rounds',
        caseworker,
        { fiscalYear: year },
        `${year}-11-01`,
      );
      if (opened.status === 201) fy = year;
      else if (opened.status !== 409 || tries === 50) throw new Error(`no round opened: ${opened.text}`);
    }
    for (let tries = 0; vacant === 0; tries++) {
      const year = 6201 + Math.floor(Math.random() * 100);
      const found = await client.get(`/designation-rounds/${year}`, caseworker);
      if (found.status === 404) vacant = year;
      else if (tries === 50) throw new Error('every year of the band has a round');
    }
    await created('/hub-surveys', caseworker, { fiscalYear: fy, dueDate: `${fy + 1}-02-28` }, `${fy}-11-01`);
    for (const [code, answers] of [
      [HACHIOJI, { 1: 'done', 2: 'planned', 3: 'done', 4: 'done', 5: 'noAnswer' }],
      [CHIYODA, { 1: 'done', 2: 'done', 3: 'planned', 4: 'done', 5: 'done' }],
    ] as const) {
      await created(
        `/hub-surveys/${fy}/answers`,
        municipality(code),
        { municipalityCode: code, answers },
        `${fy}-12-01`,
      );
    }
    const recommend = (code: string, institution: object, homeCareSupport: boolean) => ({
      recommendationId: uniqueId(`rec-${code}`),
      municipalityCode: code,
      institution: { ...institution, homeCareSupport },
      consultation: { parties: ['地区医師会'], heldOn: `${fy + 1}-01-20`, summary: '推薦候補について協議' },
    });
    await created(
      `/designation-rounds/${fy}/recommendations`,
      municipality(HACHIOJI),
      recommend(HACHIOJI, hachiojiClinic, true),
      `${fy + 1}-02-10`,
    );
    // Not a 在宅療養支援病院: accepted with a warning that Tokyo must acknowledge before designating.
    await created(
      `/designation-rounds/${fy}/recommendations`,
      municipality(CHIYODA),
      recommend(CHIYODA, chiyodaHospital, false),
      `${fy + 1}-02-12`,
    );
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const statusFigures = (page: Page, name = '指定状況') =>
    page.getByRole('region', { name }).locator('dd').allInnerTexts();

  it('lets a municipality recommend through the form after the 2月末 deadline: a field error first, then the late recommendation', async () => {
    const { page, errors } = await newConsolePage(browser);
    await signIn(page, baseUrl, { role: 'municipality', name: 'shinjuku-1', municipalityCode: SHINJUKU });
    at(`${fy + 1}-03-05`); // after the deadline, before the cut-off: late, and not designated on arrival
    await page.goto(`${baseUrl}/designations/${fy}`);
    await page.getByRole('heading', { name: '日程と期限' }).waitFor();
    const deadline = page.getByRole('row', { name: /推薦〆切（2月末）/ });
    expect(await deadline.innerText()).toMatch(/令和\d+年2月2[89]日/);
    // A municipality sees its own recommendations only (none yet), and no staff actions.
    await page.getByRole('cell', { name: '推薦はまだありません' }).waitFor();
    expect(await page.getByRole('button', { name: '推薦された医療機関を指定する' }).count()).toBe(0);

    const form = page.getByRole('form', { name: '医療機関を推薦する' });
    expect(await form.getByLabel('区市町村').inputValue()).toBe(SHINJUKU);
    await form.getByLabel('医療機関ID').fill(shinjukuClinic.institutionId);
    await form.getByLabel('医療機関名').fill(shinjukuClinic.name);
    await form.getByLabel('協議した関係者（読点「、」区切り）').fill('新宿区医師会、訪問看護ステーション');
    await form.getByLabel('協議日').fill(`${fy + 1}-03-01`);
    await form.getByRole('button', { name: '推薦する' }).click();
    // The summary was left empty: the api's 400 names the field, shown under it.
    const summary = form.getByLabel('協議の内容');
    await form.getByRole('alert').first().waitFor();
    expect(await summary.getAttribute('aria-invalid')).toBe('true');
    await summary.fill('在宅療養支援診療所として推薦');
    // A double-click sends one command: the second click finds the first on its way.
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/designation-rounds/${fy}/recommendations`))
        posts.push(request.headers()['idempotency-key'] ?? '(none)');
    });
    await form.getByRole('button', { name: '推薦する' }).dblclick();
    await page.getByRole('status').filter({ hasText: '推薦を受け付けました' }).waitFor();
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatch(/^console-[0-9a-f]{32}$/);

    const row = page.getByRole('row').filter({ hasText: shinjukuClinic.name });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[0]).toBe(`新宿区\n${SHINJUKU}`);
    expect(cells[2]).toMatch(/^令和\d+年3月5日$/);
    expect(cells[3]).toBe('推薦済（指定待ち）');
    expect(cells[4]).toBe('期限後');
    expect(await page.getByRole('row').filter({ hasText: hachiojiClinic.name }).count()).toBe(0);
    await page.evaluate('window.getSelection().removeAllRanges()'); // the double-click's selection
    await screenshot(page, 'console-designations-municipality');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows Tokyo staff the status and the late mark; designates at the cut-off, publishes, and the CSV downloads', async () => {
    const { page, errors } = await newConsolePage(browser);
    await signIn(page, baseUrl, { role: 'caseworker', name: 'tokyo-1' });
    at(`${fy + 1}-03-10`);
    await page.goto(`${baseUrl}/designations/${fy}`);
    await page.getByRole('heading', { name: '指定状況' }).waitFor();
    expect(await statusFigures(page)).toEqual(['0自治体', '0医療機関', '62自治体']);
    const rowOf = (name: string) => page.getByRole('row').filter({ hasText: name });
    await rowOf(shinjukuClinic.name).waitFor();
    await page.getByText('推薦 3件（指定待ち 3件・指定済 0件、うち期限後 1件）').waitFor();
    expect(await rowOf(shinjukuClinic.name).getByRole('cell').nth(4).innerText()).toBe('期限後');
    expect(await rowOf(hachiojiClinic.name).getByRole('cell').nth(4).innerText()).toBe('');
    expect(await rowOf(chiyodaHospital.name).getByRole('cell').nth(4).innerText()).toBe(
      '在宅療養支援診療所・病院ではない',
    );

    // Before the cut-off the api refuses; the reason shows next to the button.
    const designate = page.getByRole('button', { name: '推薦された医療機関を指定する' });
    await designate.click();
    const refusal = page.getByRole('region', { name: '東京都の操作' }).getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('recommendations are designated from the cut-off on');

    at(`${fy + 1}-03-14`);
    await designate.click();
    await page.getByRole('status').filter({ hasText: '2件を指定しました。' }).waitFor();
    await page.getByRole('region', { name: '指定状況' }).getByText('2医療機関').waitFor();
    expect(await statusFigures(page)).toEqual(['2自治体', '2医療機関', '60自治体']);
    // The warning acknowledged from the cut-off on designates at once (順次指定).
    await rowOf(chiyodaHospital.name).getByRole('button', { name: '警告を確認する' }).click();
    await rowOf(chiyodaHospital.name).getByText('指定済').waitFor();
    expect(await statusFigures(page)).toEqual(['3自治体', '3医療機関', '59自治体']);
    await page.getByText('調整中の区市町村の一覧（59）').click();
    const inAdjustment = await page.getByRole('list', { name: '調整中の区市町村' }).innerText();
    expect(inAdjustment).not.toContain('新宿区');
    expect(inAdjustment).toContain('世田谷区（131121）');

    at(`${fy + 1}-03-28`);
    await page.getByRole('button', { name: '指定一覧を公表する（新しい版）' }).click();
    await page.getByRole('status').filter({ hasText: '第1版を公表しました。' }).waitFor();
    const csvLink = page.getByRole('link', { name: 'CSV 第1版' });
    await csvLink.waitFor();
    const href = await csvLink.getAttribute('href');
    expect(href).toBe(`/designation-rounds/${fy}/publications/1.csv`);
    const csv = await page.context().request.get(`${baseUrl}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const text = await csv.text();
    expect(text.startsWith('\uFEFF区分,区市町村コード,区市町村名,医療機関ID,医療機関名,指定日\r\n')).toBe(
      true,
    );
    expect(text).toContain(
      `在宅療養において積極的役割を担う医療機関,${SHINJUKU},新宿区,${shinjukuClinic.institutionId},${shinjukuClinic.name},${fy + 1}-03-14`,
    );
    expect(text).toContain(`${CHIYODA},千代田区,${chiyodaHospital.institutionId}`);
    expect(await page.getByRole('link', { name: 'HTML 第1版' }).getAttribute('href')).toBe(
      `/designation-rounds/${fy}/publications/1.html`,
    );

    // The hub survey tally: 2 of 62 answered, item ① done by both.
    const hub = page.getByRole('region', { name: '在宅療養に必要な連携を担う拠点の調査（集計）' });
    await hub.getByText('回答 2 / 62 自治体').waitFor();
    expect(await hub.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).toEqual([
      '① 地域の医療及び介護、障害福祉の関係者による会議の定期的な開催',
      '2',
      '0',
    ]);

    // A follow-up survey of the three designated institutions.
    const followUp = page.getByRole('form', { name: '取組状況調査を依頼する' });
    await followUp.getByLabel('回答期限').fill(`${fy + 1}-06-30`);
    await followUp.getByRole('button', { name: '取組状況調査を依頼する' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: `followUp-${fy}` })
      .waitFor();
    expect(
      await page
        .getByRole('row')
        .filter({ hasText: `followUp-${fy}` })
        .getByRole('cell')
        .allInnerTexts(),
    ).toEqual([`followUp-${fy}`, '3医療機関', '0医療機関']);

    // 指定取消し must say why: the api's 400 shows under the reason field; then with a reason.
    at(`${fy + 1}-06-01`);
    const hachiojiRow = rowOf(hachiojiClinic.name);
    await hachiojiRow.locator('summary', { hasText: '指定を取り消す' }).click();
    const revoke = hachiojiRow.getByRole('form', { name: '指定を取り消す' });
    await revoke.getByRole('button', { name: '指定を取り消す' }).click();
    await revoke.getByRole('alert').waitFor();
    expect(await revoke.getByLabel('理由').getAttribute('aria-invalid')).toBe('true');
    await revoke.getByLabel('理由').fill('在宅療養支援診療所の届出取下げ');
    await revoke.getByRole('button', { name: '指定を取り消す' }).click();
    await hachiojiRow.getByText('指定取消し').waitFor();
    expect(await statusFigures(page)).toEqual(['2自治体', '2医療機関', '60自治体']);

    await screenshot(page, 'console-designations');
    expect(await seriousViolations(page)).toEqual([]);

    await page.reload();
    await page.getByRole('heading', { name: '指定状況' }).waitFor();
    expect(await statusFigures(page)).toEqual(['2自治体', '2医療機関', '60自治体']);
    await page.getByRole('link', { name: 'CSV 第1版' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('opens this fiscal year at /designations, and a year without a round says so', async () => {
    const { page, errors } = await newConsolePage(browser);
    await signIn(page, baseUrl, { role: 'approver', name: 'approver-1' });
    await page.goto(`${baseUrl}/designations/${vacant}`);
    await page.getByText('この年度の推薦・指定はまだ始まっていません。').waitFor();
    // An approver reads; only a caseworker may open a round.
    expect(await page.getByRole('button', { name: 'この年度の推薦依頼を開始する' }).count()).toBe(0);
    await page.getByRole('form', { name: '年度を選ぶ' }).getByLabel('年度（西暦）').fill(String(fy));
    await page.getByRole('button', { name: '表示' }).click();
    await page.waitForURL(`${baseUrl}/designations/${fy}`);
    await page.getByRole('heading', { name: '指定状況' }).waitFor();
    expect(await page.getByRole('button', { name: '推薦された医療機関を指定する' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: '医療機関を推薦する' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Designation status' }).waitFor();
    expect(await statusFigures(page, 'Designation status')).toEqual([
      '2 municipalities',
      '2 institutions',
      '60 municipalities',
    ]);
    await page.getByRole('button', { name: '日本語に切り替える' }).click();
    await page.goto(`${baseUrl}/designations`);
    await page.getByRole('heading', { name: '指定（積極的役割を担う医療機関）' }).waitFor();
    expect(await page.getByLabel('年度（西暦）').inputValue()).toMatch(/^\d{4}$/);
    expect(errors).toEqual([]);
  });
});
