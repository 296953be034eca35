import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  fiscalYearOfInstant,
  formatCalendarDate,
  formatFiscalYearLabel,
  fiscalYearRulesStreamId,
  tokyoDateOf,
} from '#domain';
import request from 'supertest';
import type { TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import { bearer } from './access-app.ts';
import { approver, caseworker, municipality, uniqueId } from './cases-app.ts';
import { useCasesApp } from './cases-harness.ts';

const EXAMPLE = JSON.parse(
  readFileSync(new URL('../../docs/examples/fiscal-year-rules-r8.example.json', import.meta.url), 'utf8'),
) as {
  source: Record<string, unknown>;
  programs: Record<string, unknown>[];
  schedules: Record<string, unknown>[];
};

const alice: TokenClaims = { sub: 'admin-alice', role: 'admin' };
const bob: TokenClaims = { sub: 'admin-bob', role: 'admin' };
const CHIYODA = '131016';

/**
 * Today's date, on the real app and PostgreSQL: the catalogue has no version of 在宅療養環境整備支援事業 for
 * this fiscal year until an admin enters one and another releases it; then a municipality's case goes
 * from draft to 額確定 and payment under the entered version, and the case cites its source document.
 */
describe('a fiscal year’s rules entered through the API, then a case on today’s date', () => {
  const cases = useCasesApp();
  const now = new Date();
  const today = formatCalendarDate(tokyoDateOf(now));
  const fy = fiscalYearOfInstant(now);
  const versionId = uniqueId(`R${fy}`);
  const scheduleId = uniqueId(`S${fy}`);
  const rulesPath = `/rules/fiscal-years/${fy}`;

  /** The example file made this year's: unique ids, a window over the whole year (any day of a run). */
  async function document(): Promise<Record<string, unknown>> {
    const inForce = await cases.client.get(`/rules/catalogue?fiscalYear=${fy}`, caseworker);
    expect(inForce.status).toBe(200);
    const current = (
      inForce.body.programs as {
        origin: string;
        version: { programId: string; versionId: string; period: { value: { from: number } } };
      }[]
    ).find((p) => p.version.programId === 'home-care-environment' && p.origin === 'entered');
    const schedules = (await cases.client.get(rulesPath, caseworker)).body.proposals
      .filter((p: { status: string }) => p.status === 'released')
      .flatMap((p: { schedules: { programId: string; versionId: string }[] }) => p.schedules);
    const currentSchedule = schedules
      .filter((s: { programId: string }) => s.programId === 'home-care-environment')
      .at(-1);
    const correction = (id: string | undefined) =>
      id ? { supersedes: id, reason: 'e2e: an earlier run entered this year' } : {};
    return {
      source: {
        ...EXAMPLE.source,
        title: `令和${fy - 2018}年度 在宅療養環境整備支援事業 補助金交付要綱（e2e）`,
      },
      programs: [{ ...EXAMPLE.programs[0], versionId, ...correction(current?.version.versionId) }],
      schedules: [
        {
          ...EXAMPLE.schedules[0],
          versionId: scheduleId,
          applicationWindow: { opens: '4月1日', closes: '3月31日' },
          ...correction(currentSchedule?.versionId),
        },
      ],
    };
  }

  it('refuses a document field by field (400, every field named) and records nothing', async () => {
    const before = await cases.store.readStream(fiscalYearRulesStreamId(fy)).catch(() => []);
    const bad = {
      source: { title: '', date: '2026-02-30', section: '別表' },
      programs: [{ programId: 'home-care-environment' }],
    };
    const response = await cases.client.post(`${rulesPath}/proposals`, alice, bad, today);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'INVALID_RULE_DOCUMENT',
      field: expect.any(String),
      reason: expect.any(String),
    });
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['source.title', 'source.date']));
    const after = await cases.store.readStream(fiscalYearRulesStreamId(fy)).catch(() => []);
    expect(after.length).toBe(before.length);
  });

  it('enters, releases (four eyes) and decides a case from draft to 額確定 and payment on today’s date', async () => {
    const proposed = await cases.client.post(`${rulesPath}/proposals`, alice, await document(), today);
    expect([proposed.status, proposed.body.error]).toEqual([201, undefined]);
    expect(proposed.body).toMatchObject({
      fiscalYear: fy,
      status: 'proposed',
      programs: [{ programId: 'home-care-environment', versionId }],
    });
    const proposalId = proposed.body.proposalId as string;

    // Not in force before its release; the proposer cannot release it.
    const selfRelease = await cases.client.post(
      `${rulesPath}/proposals/${proposalId}/release`,
      alice,
      {},
      today,
    );
    expect(selfRelease.status).toBe(403);
    expect(selfRelease.body.error).toBe('FOUR_EYES_VIOLATION');
    const released = await cases.client.post(`${rulesPath}/proposals/${proposalId}/release`, bob, {}, today);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'released', released: { actorId: 'admin-bob' } });

    const catalogue = await cases.client.get(`/rules/catalogue?date=${today}`, caseworker);
    const entry = catalogue.body.programs.find(
      (p: { version: { programId: string } }) => p.version.programId === 'home-care-environment',
    );
    expect(entry).toMatchObject({ origin: 'entered', proposalId, version: { versionId } });
    expect(entry.schedule).toMatchObject({ applicationOpens: { year: fy, month: 4, day: 1 } });

    const diff = await cases.client.get(
      `/rules/programs/home-care-environment/diff?from=H29&to=${versionId}`,
      caseworker,
    );
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'period.value.from', before: 2017, after: fy }),
      ]),
    );

    // A municipality's case, every step today, under the entered version.
    const applicationId = uniqueId('r-app');
    const applicant = municipality(CHIYODA);
    const base = `/applications/${applicationId}`;
    const recipient = { kind: 'municipality', id: uniqueId('muni'), municipalityCode: CHIYODA };
    await cases.client.step(
      '/applications',
      applicant,
      {
        applicationId,
        programId: 'home-care-environment',
        menuId: 'consultation-desk',
        fiscalYear: fy,
        programYear: 1,
        recipient,
        quantity: { units: 1 },
        plannedExpenditure: 12_000_000,
        otherIncome: 0,
      },
      today,
      'Draft',
    );
    await cases.client.step(`${base}/submit`, applicant, {}, today, 'Submitted');
    await cases.client.step(
      `${base}/review`,
      caseworker,
      { facts: { applicant: { kind: 'municipality' }, expensesInLongTermCareSpecialAccount: false } },
      today,
      'UnderReview',
    );
    await cases.client.step(`${base}/grant`, approver, {}, today, 'GrantDecided');
    await cases.client.step(
      `${base}/performance-report`,
      applicant,
      { actualExpenditure: 11_000_000, otherIncome: 0 },
      today,
      'PerformanceReported',
    );
    await cases.client.step(`${base}/amount-confirmation`, approver, {}, today, 'AmountConfirmed');
    await cases.client.step(
      `${base}/payments`,
      caseworker,
      { paymentId: uniqueId('r-pay'), amount: 10_000_000 },
      today,
      'AmountConfirmed',
    );

    const view = await cases.client.get(base, caseworker);
    expect(view.status).toBe(200);
    const grant = view.body.state.grant;
    expect(grant).toMatchObject({
      amount: 10_000_000,
      ruleVersionId: versionId,
      subsidyRate: expect.anything(),
    });
    expect(view.body.state.paid).toBe(10_000_000);
    const cited = JSON.stringify(view.body);
    expect(cited).toContain(`令和${fy - 2018}年度 在宅療養環境整備支援事業 補助金交付要綱（e2e）`);
    expect(formatFiscalYearLabel(fy as never)).toMatch(/令和/);
  });

  it('imports a year’s table from CSV through the same validation: errors name line and column; a good table is one proposal, withdrawn with a reason', async () => {
    const csv = readFileSync(
      new URL('../../docs/examples/fiscal-year-rules-r8.example.csv', import.meta.url),
      'utf8',
    );
    const nextYear = fy + 1;
    const source = `title=${encodeURIComponent('交付要綱（e2e）')}&date=2026-04-01&section=${encodeURIComponent('別表第1')}`;
    const path = `/rules/fiscal-years/${nextYear}/proposals/csv?${source}`;
    const postCsv = async (url: string, text: string) =>
      request(cases.app.getHttpServer())
        .post(url)
        .set('Authorization', await bearer(alice))
        .set('Content-Type', 'text/csv')
        .send(text);
    const lines = csv.trimEnd().split('\n');
    const bad = [
      lines[0],
      lines[1],
      lines[2]!.replace(',1/2', ',3/2'),
      lines[3]!.replace(',10000,', ',abc,'),
    ].join('\n');
    const refused = await postCsv(path, bad.replaceAll(',R8,', `,${versionId}-csv,`));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('INVALID_RULE_DOCUMENT');
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: '3/2', line: 3, column: 14 }),
        expect.objectContaining({ value: 'abc', line: 4, column: 12 }),
      ]),
    );
    const broken = await postCsv(path, `${lines[0]}\n"unterminated,quote`);
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0]).toMatchObject({ field: '$', line: expect.any(Number) });

    const accepted = await postCsv(path, csv.replaceAll(',R8,', `,${versionId}-csv,`));
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      fiscalYear: nextYear,
      status: 'proposed',
      programs: [{ versionId: `${versionId}-csv` }],
    });
    expect(accepted.body.document.programs[0].menus).toHaveLength(2);
    const withdrawn = await cases.client.post(
      `/rules/fiscal-years/${nextYear}/proposals/${accepted.body.proposalId}/withdrawal`,
      bob,
      { reason: 'e2e: not this year' },
      today,
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      status: 'withdrawn',
      withdrawn: { actorId: 'admin-bob', reason: 'e2e: not this year' },
    });
  });

  it('refuses entering rules to anyone but an admin', async () => {
    const response = await cases.client.post(`${rulesPath}/proposals`, caseworker, await document(), today);
    expect(response.status).toBe(403);
  });
});
