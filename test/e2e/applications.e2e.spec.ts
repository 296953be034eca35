import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { appendStatement } from '#event-store';
import type { TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import {
  approver,
  auditor,
  caseworker,
  caseworker2,
  institution,
  municipality,
  reviewerAsApprover,
  uniqueId,
  type CommandAnswer,
} from './cases-app.ts';
import { transitionStaffingFacts, transitionSupportFacts } from '#domain-testing';
import { useCasesApp } from './cases-harness.ts';
import { completeSingleSessionCourse } from './training-flows.ts';

/**
 * 交付申請から支払・完結まで over HTTP only, on the real app and PostgreSQL: one case of every programme
 * of the seed catalogue (their real fiscal years, fresh case and recipient ids), corrections, changes,
 * refunds, and the boundaries (scope, roles, four eyes, stages, validation, idempotency).
 */

type RecipientKind =
  'municipality' | 'districtMedicalAssociation' | 'tokyoMedicalAssociation' | 'hospital' | 'residence';

interface Quantity {
  readonly units?: number;
  readonly persons?: number;
  readonly personsPerMonth?: number[];
}

/** A case of the catalogue and the grant the seed figures give it. */
interface ProgrammeCase {
  readonly name: string;
  readonly programId: string;
  readonly menuId: string;
  readonly fiscalYear: number;
  readonly programYear: number;
  readonly kind: RecipientKind;
  readonly quantity?: Quantity;
  readonly plannedExpenditure: number;
  readonly otherIncome?: number;
  /** What the caseworker establishes about the applicant (besides its kind). */
  readonly facts?: object;
  readonly grant: {
    readonly amount: number;
    readonly subsidyRate: string;
    readonly baseAmount: number;
    readonly ruleVersionId: string;
  };
}

const CHIYODA = '131016';
const HACHIOJI = '132012';

/** The municipal programmes of seed 000 exclude expenses of the long-term-care special account. */
const MUNICIPAL_FACTS = { expensesInLongTermCareSpecialAccount: false };
const ICT_FACTS = {
  ictNetwork: {
    municipalityCooperation: true,
    privacyAndAccidentPreventionMeasures: true,
    liaisonMeetingsAmongUsers: true,
  },
};
/**
 * The review facts of the domain's fixtures (移行支援 year 1: a designated secondary emergency hospital
 * under 200 beds newly meeting 退院支援加算; 移行体制確保: a small private hospital) without the staff's
 * completions: the API looks those up in the log, a request naming them is refused.
 */
const { staffTrainingCompletions: _supportStaff, ...TRANSITION_SUPPORT_FACTS } = transitionSupportFacts;
const { staffTrainingCompletions: _staffingStaff, ...TRANSITION_STAFFING_FACTS } = transitionStaffingFacts;

const municipal = (
  name: string,
  programId: string,
  menuId: string,
  fiscalYear: number,
  programYear: number,
  grant: ProgrammeCase['grant'],
  facts: object = MUNICIPAL_FACTS,
): ProgrammeCase => ({
  name,
  programId,
  menuId,
  fiscalYear,
  programYear,
  kind: 'municipality',
  quantity: { units: 1 },
  plannedExpenditure: 12_000_000,
  facts,
  grant,
});

const grantOf = (amount: number, subsidyRate: string, baseAmount: number, ruleVersionId: string) => ({
  amount,
  subsidyRate,
  baseAmount,
  ruleVersionId,
});

/** One case of every programme and menu version of seed-catalogue.ts, with the amounts the seeds give. */
const PROGRAMME_CASES: readonly ProgrammeCase[] = [
  municipal(
    '環境整備 H23 先駆 1年目',
    'home-care-environment',
    'pioneer',
    2011,
    1,
    grantOf(10_000_000, '10/10', 10_000_000, 'H23'),
    {},
  ),
  municipal(
    '環境整備 H23 選択 窓口 4年目',
    'home-care-environment',
    'consultation-desk',
    2014,
    4,
    grantOf(5_000_000, '1/2', 10_000_000, 'H23'),
    {},
  ),
  municipal(
    '環境整備 H23 選択 後方支援病床 4年目',
    'home-care-environment',
    'backup-beds',
    2014,
    4,
    grantOf(2_790_000, '1/2', 5_580_000, 'H23'),
    {},
  ),
  municipal(
    '環境整備 H23 選択 協議会 4年目',
    'home-care-environment',
    'council',
    2015,
    5,
    grantOf(1_800_000, '1/2', 3_600_000, 'H23'),
    {},
  ),
  municipal(
    '環境整備 H29 ① 窓口 1年目',
    'home-care-environment',
    'consultation-desk',
    2017,
    1,
    grantOf(10_000_000, '10/10', 10_000_000, 'H29'),
  ),
  municipal(
    '環境整備 H29 ① 窓口 4年目',
    'home-care-environment',
    'consultation-desk',
    2017,
    4,
    grantOf(5_000_000, '1/2', 10_000_000, 'H29'),
  ),
  municipal(
    '環境整備 H29 ② 協議会 4年目 (千円未満切り捨て)',
    'home-care-environment',
    'council',
    2017,
    4,
    grantOf(1_791_000, '1/2', 3_583_000, 'H29'),
  ),
  municipal(
    '環境整備 H29 ③ 後方支援病床 4年目',
    'home-care-environment',
    'backup-beds',
    2017,
    4,
    grantOf(2_803_000, '1/2', 5_607_000, 'H29'),
  ),
  municipal(
    '推進事業 ① 医療コーディネート',
    'municipal-home-care-promotion',
    'medical-coordination',
    2015,
    1,
    grantOf(10_000_000, '10/10', 10_000_000, 'H27'),
  ),
  municipal(
    '推進事業 ② 退院患者支援',
    'municipal-home-care-promotion',
    'discharge-support',
    2016,
    2,
    grantOf(10_000_000, '10/10', 10_000_000, 'H27'),
  ),
  municipal(
    '推進事業 ③ かかりつけ医連携',
    'municipal-home-care-promotion',
    'gp-hospital-liaison',
    2017,
    3,
    grantOf(10_000_000, '10/10', 10_000_000, 'H27'),
  ),
  municipal(
    '小児等 1年目',
    'pediatric-home-care',
    'pediatric-home-care',
    2017,
    1,
    grantOf(10_000_000, '10/10', 10_000_000, 'H29'),
    {},
  ),
  municipal(
    '小児等 4年目',
    'pediatric-home-care',
    'pediatric-home-care',
    2020,
    4,
    grantOf(5_000_000, '1/2', 10_000_000, 'H29'),
    {},
  ),
  municipal(
    '看取り環境 (1) 改修',
    'end-of-life-environment',
    'renovation',
    2017,
    1,
    grantOf(4_500_000, '3/4', 6_000_000, 'H29'),
    {},
  ),
  municipal(
    '看取り環境 (2) 小規模な住まい',
    'end-of-life-environment',
    'small-residence',
    2017,
    1,
    grantOf(10_000_000, '10/10', 10_000_000, 'H29'),
    {},
  ),
  {
    name: '相互支援 地区医師会',
    programId: 'physician-mutual-support',
    menuId: 'district-association',
    fiscalYear: 2017,
    programYear: 1,
    kind: 'districtMedicalAssociation',
    quantity: { units: 1 },
    plannedExpenditure: 1_500_000,
    grant: grantOf(1_200_000, '10/10', 1_200_000, 'H29'),
  },
  {
    name: '相互支援 東京都医師会 (事務局経費)',
    programId: 'physician-mutual-support',
    menuId: 'tokyo-secretariat',
    fiscalYear: 2017,
    programYear: 1,
    kind: 'tokyoMedicalAssociation',
    quantity: { units: 1 },
    plannedExpenditure: 1_000_000,
    grant: grantOf(600_000, '10/10', 600_000, 'H29'),
  },
  {
    name: 'ICT 地区医師会',
    programId: 'ict-network',
    menuId: 'district-association',
    fiscalYear: 2017,
    programYear: 1,
    kind: 'districtMedicalAssociation',
    quantity: { units: 1 },
    plannedExpenditure: 1_000_000,
    facts: ICT_FACTS,
    grant: grantOf(920_000, '10/10', 920_000, 'H29'),
  },
  {
    name: 'ICT 東京都医師会 (事務局経費)',
    programId: 'ict-network',
    menuId: 'tokyo-secretariat',
    fiscalYear: 2018,
    programYear: 2,
    kind: 'tokyoMedicalAssociation',
    quantity: { units: 1 },
    plannedExpenditure: 300_000,
    facts: ICT_FACTS,
    grant: grantOf(281_000, '10/10', 281_000, 'H29'),
  },
  {
    name: '移行支援 1年目 2名',
    programId: 'transition-support',
    menuId: 'discharge-staff',
    fiscalYear: 2016,
    programYear: 1,
    kind: 'hospital',
    quantity: { persons: 2 },
    plannedExpenditure: 8_000_000,
    facts: TRANSITION_SUPPORT_FACTS,
    grant: grantOf(7_200_000, '10/10', 7_200_000, 'H28'),
  },
  {
    name: '看取り対応支援費 (月額上限)',
    programId: 'end-of-life-care-allowance',
    menuId: 'monthly-allowance',
    fiscalYear: 2017,
    programYear: 1,
    kind: 'residence',
    // 24千円 × 3人 = 72千円; 24 × 5 = 120 (上限); 24 × 6 = 144 → 上限 120千円
    quantity: { personsPerMonth: [3, 5, 6] },
    plannedExpenditure: 400_000,
    grant: grantOf(312_000, '10/10', 312_000, 'H29'),
  },
];

/** A case with its own ids: the recipient and the case are new on every run. */
interface LiveCase extends ProgrammeCase {
  readonly applicationId: string;
  readonly recipient: {
    readonly kind: RecipientKind;
    readonly id: string;
    readonly municipalityCode: string;
  };
  readonly applicant: TokenClaims;
}

let sequence = 0;
function live(row: ProgrammeCase, municipalityCode = sequence % 2 === 0 ? CHIYODA : HACHIOJI): LiveCase {
  sequence += 1;
  const id = uniqueId(`${row.kind}-${sequence}`);
  const recipient = { kind: row.kind, id, municipalityCode };
  const applicant = row.kind === 'municipality' ? municipality(municipalityCode) : institution(id);
  return { ...row, applicationId: uniqueId(`app-${sequence}`), recipient, applicant };
}

/** The body of DraftApplication for a case; `overrides` replace (or break) its fields. */
const draftBody = (c: LiveCase, overrides: object = {}): object => ({
  applicationId: c.applicationId,
  programId: c.programId,
  menuId: c.menuId,
  fiscalYear: c.fiscalYear,
  programYear: c.programYear,
  recipient: c.recipient,
  ...(c.quantity ? { quantity: c.quantity } : {}),
  plannedExpenditure: c.plannedExpenditure,
  otherIncome: c.otherIncome ?? 0,
  ...overrides,
});

/** The days of a case in its fiscal year (and the report in the next one): all inside the default windows. */
const on = (fy: number) => ({
  drafted: `${fy}-04-03`,
  submitted: `${fy}-04-10`,
  reviewed: `${fy}-04-20`,
  decided: `${fy}-05-10`,
  advancePaid: `${fy}-05-20`,
  changed: `${fy}-08-01`,
  reported: `${fy + 1}-04-05`,
  confirmed: `${fy + 1}-04-20`,
  paid: `${fy + 1}-05-01`,
  closed: `${fy + 1}-05-02`,
});

describe('applications over HTTP: draft → grant → report → confirm → pay → close', () => {
  const cases = useCasesApp();

  const path = (c: { applicationId: string }, step = '') => `/applications/${c.applicationId}${step}`;
  const read = async (c: { applicationId: string }, who: TokenClaims = caseworker) => {
    const response = await cases.client.get(path(c), who);
    expect(response.status).toBe(200);
    return response.body;
  };
  const streamOf = (c: { applicationId: string }) => cases.store.readStream(`application-${c.applicationId}`);

  /** A POST that must be refused with `status` and leave the case's stream as it was: the answer's body. */
  async function refused(
    c: LiveCase,
    step: string,
    who: TokenClaims | undefined,
    body: object,
    day: string,
    status: number,
  ): Promise<Record<string, unknown>> {
    const before = await streamOf(c);
    const response = await cases.client.post(step === '/applications' ? step : path(c, step), who, body, day);
    expect(response.status).toBe(status);
    expect(await streamOf(c)).toEqual(before);
    return response.body;
  }

  async function draftAndSubmit(c: LiveCase): Promise<CommandAnswer> {
    const days = on(c.fiscalYear);
    await cases.client.step('/applications', c.applicant, draftBody(c), days.drafted, 'Draft');
    return cases.client.step(path(c, '/submit'), c.applicant, {}, days.submitted, 'Submitted');
  }

  const review = (c: LiveCase, who: TokenClaims = caseworker) =>
    cases.client.step(
      path(c, '/review'),
      who,
      { facts: { applicant: { kind: c.kind }, ...c.facts } },
      on(c.fiscalYear).reviewed,
      'UnderReview',
    );

  async function toGrant(c: LiveCase): Promise<CommandAnswer> {
    await draftAndSubmit(c);
    await review(c);
    return cases.client.step(path(c, '/grant'), approver, {}, on(c.fiscalYear).decided, 'GrantDecided');
  }

  /** 実績報告 by the applicant, then 額の確定 by the approver: the confirmation's answer. */
  async function reportAndConfirm(
    c: LiveCase,
    actual: { actualExpenditure: number; otherIncome: number },
    stage: 'AmountConfirmed' | 'RefundOrdered',
  ): Promise<CommandAnswer> {
    const days = on(c.fiscalYear);
    await cases.client.step(
      path(c, '/performance-report'),
      c.applicant,
      actual,
      days.reported,
      'PerformanceReported',
    );
    return cases.client.step(path(c, '/amount-confirmation'), approver, {}, days.confirmed, stage);
  }

  /** Reports the actuals, has the amount confirmed, pays what is still owed and closes the case. */
  async function settleAndClose(
    c: LiveCase,
    actual: { actualExpenditure: number; otherIncome: number },
    confirmedAmount: number,
  ): Promise<void> {
    const days = on(c.fiscalYear);
    const confirmation = await reportAndConfirm(c, actual, 'AmountConfirmed');
    expect(confirmation.events).toEqual(['AmountConfirmed']);
    const { amounts } = await read(c);
    const owed = confirmedAmount - amounts.paid;
    if (owed > 0) {
      const payment = { paymentId: uniqueId('pay'), amount: owed };
      await cases.client.step(path(c, '/payments'), caseworker, payment, days.paid, 'AmountConfirmed');
    }
    await cases.client.step(path(c, '/close'), caseworker, {}, days.closed, 'Closed');
    const closed = await read(c);
    expect(closed).toMatchObject({
      stage: 'Closed',
      allowedCommands: [],
      amounts: { confirmed: { confirmedAmount }, paid: confirmedAmount, refunded: 0 },
    });
  }

  it.each(PROGRAMME_CASES.map((row) => [row.name, row] as const))(
    '%s: granted at the seed figures with the trace, paid and closed',
    async (_name, row) => {
      const c = live(row);
      await toGrant(c);
      const granted = await read(c, c.applicant);
      expect(granted.stage).toBe('GrantDecided');
      expect(granted.eligibility).toMatchObject({ eligible: true, reviewerId: caseworker.sub });
      expect(granted.amounts.granted).toMatchObject(row.grant);
      expect(Number.isSafeInteger(granted.amounts.granted.amount)).toBe(true);
      const steps = granted.amounts.granted.calculation.trace.steps;
      expect(steps.length).toBeGreaterThan(2);
      expect(steps.at(-1)).toMatchObject({ key: 'amount', value: row.grant.amount });
      expect(steps).toEqual(
        expect.arrayContaining([expect.objectContaining({ key: 'baseAmount', value: row.grant.baseAmount })]),
      );
      await settleAndClose(
        c,
        { actualExpenditure: row.plannedExpenditure, otherIncome: row.otherIncome ?? 0 },
        row.grant.amount,
      );
    },
  );

  /** 在宅療養移行体制確保事業 FY2016 for a new hospital, and a nurse of it (ids unique to the case). */
  const transitionStaffingCase = () => {
    const c = live({
      name: '移行体制確保',
      programId: 'transition-staffing',
      menuId: 'per-hospital',
      fiscalYear: 2016,
      programYear: 1,
      kind: 'hospital',
      plannedExpenditure: 4_000_000,
      facts: TRANSITION_STAFFING_FACTS,
      grant: grantOf(3_600_000, '10/10', 3_600_000, 'H27'),
    });
    return { c, nurse: { personId: `nurse-${c.recipient.id}`, institutionId: c.recipient.id } };
  };

  /** The nurse completes ① and ③ in FY2015 over /trainings: the last completion's answer. */
  async function completeCommonAndBasic(nurse: { personId: string; institutionId: string }) {
    let last: CommandAnswer | undefined;
    for (const courseId of ['common', 'dischargeSupportBasic'] as const) {
      last = await completeSingleSessionCourse(
        cases.client,
        {
          offeringId: `${courseId}-2015-${nurse.institutionId}`,
          courseId,
          fiscalYear: 2015,
          date: '2015-09-10',
        },
        [nurse],
      );
    }
    return last!;
  }

  const trainedStaffPassed = expect.arrayContaining([
    expect.objectContaining({ checkId: 'trainedStaff', status: 'passed' }),
  ]);

  it('在宅療養移行体制確保事業: ① and ③ completed in FY2015 (over /trainings) → granted in FY2016, ② owed', async () => {
    const { c, nurse } = transitionStaffingCase();
    await completeCommonAndBasic(nurse);
    await toGrant(c);
    const granted = await read(c);
    expect(granted.amounts.granted).toMatchObject(c.grant);
    expect(granted.eligibility.checks).toEqual(trainedStaffPassed);
    expect(granted.eligibility.obligations).toEqual([
      expect.objectContaining({
        personId: nurse.personId,
        course: 'dischargeSupportAdvanced',
        dueFiscalYear: 2016,
        status: 'open',
      }),
    ]);
    await settleAndClose(c, { actualExpenditure: 4_100_000, otherIncome: 0 }, 3_600_000);
  });

  it('在宅療養移行体制確保事業 in the year of the training (27研修修了者 → 27申請・支払): ① and ③ in September FY2015 → applied in October, granted and paid in FY2015', async () => {
    const { c: next, nurse } = transitionStaffingCase();
    const c = { ...next, fiscalYear: 2015 };
    await completeCommonAndBasic(nurse); // 2015-09-10
    const drafted = await cases.client.step(
      '/applications',
      c.applicant,
      draftBody(c),
      '2015-10-01',
      'Draft',
    );
    expect(drafted).toMatchObject({ events: ['ApplicationDrafted'] });
    const draft = await read(c);
    expect(draft.state.applicationWindow).toEqual({ opens: '2015-04-01', closes: '2016-02-29' }); // until 2月末
    expect(draft.nextAction).toMatchObject({ action: 'SubmitApplication', dueDate: '2016-02-29' });
    await cases.client.step(path(c, '/submit'), c.applicant, {}, '2015-10-05', 'Submitted');
    await cases.client.step(
      path(c, '/review'),
      caseworker,
      { facts: { applicant: { kind: c.kind }, ...c.facts } },
      '2015-10-15',
      'UnderReview',
    );
    await cases.client.step(path(c, '/grant'), approver, {}, '2015-11-10', 'GrantDecided');
    await cases.client.step(
      path(c, '/payments'),
      caseworker,
      { paymentId: uniqueId('pay'), amount: 3_600_000 },
      '2015-11-20',
      'GrantDecided',
    );
    const granted = await read(c);
    expect(granted.eligibility.checks).toEqual(trainedStaffPassed);
    expect(granted.amounts.granted).toMatchObject({ amount: 3_600_000, subsidyRate: '10/10' });
    expect(granted.amounts.paid).toBe(3_600_000);
  });

  it('a review started right after the completions sees them while an appending transaction elsewhere is held open', async () => {
    const { c, nurse } = transitionStaffingCase();
    await draftAndSubmit(c);
    // Another client holds an appending transaction open: the log's stable prefix stops below it.
    const held = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await held.connect();
    try {
      await held.query('BEGIN');
      const heldEvent = {
        type: 'HeldOpen',
        data: {},
        metadata: { actorId: 'test', actorRole: 'system', correlationId: 'held' },
      };
      await held.query(appendStatement(`heldOpen-${uniqueId('held')}`, [heldEvent], 'no_stream', new Date()));
      const completed = await completeCommonAndBasic(nurse);
      // The completions are committed, yet beyond what a subscription may read: the case this is about.
      expect(await cases.store.headPosition()).toBeLessThan(BigInt(completed.position));
      await review(c);
      const reviewed = await read(c);
      expect(reviewed.eligibility).toMatchObject({ eligible: true });
      expect(reviewed.eligibility.checks).toEqual(trainedStaffPassed);
      expect(await cases.store.headPosition()).toBeLessThan(BigInt(completed.position)); // still held
    } finally {
      await held.query('ROLLBACK').catch(() => undefined);
      await held.end();
    }
  });

  it('在宅療養移行支援事業 year 2 (平成29年度): year 1 funded, a ② completer on staff → 1/2 of 2 × 3,600千円', async () => {
    const yearOne = live(PROGRAMME_CASES.find((row) => row.programId === 'transition-support')!);
    await toGrant(yearOne);
    await completeSingleSessionCourse(
      cases.client,
      {
        offeringId: uniqueId('advanced-2016'),
        courseId: 'dischargeSupportAdvanced',
        fiscalYear: 2016,
        date: '2016-10-05',
      },
      [{ personId: uniqueId('nurse'), institutionId: yearOne.recipient.id }],
    );
    const yearTwo: LiveCase = {
      ...yearOne,
      applicationId: uniqueId('app-year-2'),
      fiscalYear: 2017,
      programYear: 2,
      quantity: { persons: 3 },
      facts: {
        ...TRANSITION_SUPPORT_FACTS,
        dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
      },
      grant: grantOf(3_600_000, '1/2', 7_200_000, 'H28'),
    };
    await toGrant(yearTwo);
    const granted = await read(yearTwo);
    expect(granted.amounts.granted).toMatchObject(yearTwo.grant);
    expect(granted.eligibility.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ checkId: 'fundedInYearOne', status: 'passed' }),
        expect.objectContaining({ checkId: 'dischargeSupportAdvancedOnStaff', status: 'passed' }),
      ]),
    );
    await settleAndClose(yearTwo, { actualExpenditure: 8_000_000, otherIncome: 0 }, 3_600_000);
  });

  it('a correction is requested and answered: the resubmitted amounts are reviewed again and granted', async () => {
    const c = live(PROGRAMME_CASES.find((row) => row.programId === 'pediatric-home-care')!);
    const days = on(c.fiscalYear);
    await draftAndSubmit(c);
    await review(c);
    const correction = await cases.client.step(
      path(c, '/corrections'),
      caseworker,
      { items: ['経費の内訳'], reason: '内訳が不足' },
      `${c.fiscalYear}-04-21`,
      'CorrectionRequested',
    );
    expect(correction.allowedCommands).toEqual(
      expect.arrayContaining(['ResubmitApplication', 'WithdrawApplication']),
    );
    const waiting = await read(c, c.applicant);
    expect(waiting.nextAction).toMatchObject({
      action: 'ResubmitApplication',
      dueDate: `${c.fiscalYear}-05-05`,
    });
    await cases.client.step(
      path(c, '/resubmit'),
      c.applicant,
      { response: '内訳を添付', plannedExpenditure: 8_000_000, otherIncome: 500_000 },
      `${c.fiscalYear}-04-28`,
      'Resubmitted',
    );
    await cases.client.step(
      path(c, '/review'),
      caseworker2,
      { facts: { applicant: { kind: 'municipality' } } },
      `${c.fiscalYear}-05-01`,
      'UnderReview',
    );
    // Both reviewers are barred from approving; another approver decides on the corrected amounts.
    const barred = await cases.client.post(
      path(c, '/grant'),
      { sub: caseworker2.sub, role: 'approver' },
      {},
      days.decided,
    );
    expect(barred.status).toBe(403);
    expect(barred.body.error).toBe('FOUR_EYES_VIOLATION');
    await cases.client.step(path(c, '/grant'), approver, {}, days.decided, 'GrantDecided');
    const granted = await read(c);
    expect(granted.amounts.granted).toMatchObject({ amount: 7_500_000, baseAmount: 10_000_000 });
    expect(granted.amounts.granted.calculation.trace.steps).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'comparedAmount', value: 7_500_000 })]),
    );
    await settleAndClose(c, { actualExpenditure: 8_000_000, otherIncome: 500_000 }, 7_500_000);
  });

  it('a change request (変更申請) is approved: the grant is recalculated on the changed terms', async () => {
    const c = live({
      ...PROGRAMME_CASES.find((row) => row.menuId === 'renovation')!,
      plannedExpenditure: 20_000_000,
    });
    const days = on(c.fiscalYear);
    await toGrant(c);
    expect((await read(c)).amounts.granted.amount).toBe(4_500_000);
    const change = await cases.client.step(
      path(c, '/changes'),
      c.applicant,
      { changeId: uniqueId('chg'), quantity: { units: 2 }, reason: '2施設目の改修' },
      days.changed,
      'ChangeRequested',
    );
    expect(change.events).toEqual(['ChangeRequested']);
    const byReviewer = await refused(
      c,
      '/changes/approval',
      reviewerAsApprover,
      { reason: '承認' },
      days.changed,
      403,
    );
    expect(byReviewer.error).toBe('FOUR_EYES_VIOLATION');
    const approval = await cases.client.step(
      path(c, '/changes/approval'),
      approver,
      { reason: '改修計画の変更を承認' },
      `${c.fiscalYear}-08-20`,
      'GrantDecided',
    );
    expect(approval.events).toEqual(['ChangeApproved']);
    const changed = await read(c);
    expect(changed.amounts.granted).toMatchObject({
      amount: 9_000_000,
      baseAmount: 12_000_000,
      subsidyRate: '3/4',
    });
    await settleAndClose(c, { actualExpenditure: 20_000_000, otherIncome: 0 }, 9_000_000);
  });

  it('less spent than was paid in advance: the confirmation orders a refund, which is recorded, then closed', async () => {
    const c = live(PROGRAMME_CASES.find((row) => row.programId === 'transition-support')!);
    const days = on(c.fiscalYear);
    await toGrant(c);
    const advance = { paymentId: uniqueId('advance'), amount: 7_200_000 };
    await cases.client.step(path(c, '/payments'), caseworker, advance, days.advancePaid, 'GrantDecided');
    const actuals = { actualExpenditure: 5_000_000, otherIncome: 0 };
    const confirmation = await reportAndConfirm(c, actuals, 'RefundOrdered');
    expect(confirmation.events).toEqual(['AmountConfirmed', 'RefundOrdered']);
    const ordered = await read(c, c.applicant);
    expect(ordered.amounts).toMatchObject({
      confirmed: { confirmedAmount: 5_000_000, grantedAmount: 7_200_000, calculatedAmount: 5_000_000 },
      paid: 7_200_000,
      refundOrdered: 2_200_000,
      outstandingRefund: 2_200_000,
    });
    expect(ordered.amounts.confirmed.calculation.trace.steps.at(-1)).toMatchObject({
      key: 'confirmedAmount',
      value: 5_000_000,
    });
    expect(ordered.nextAction).toMatchObject({
      action: 'RecordRefund',
      dueDate: `${c.fiscalYear + 1}-05-20`,
    });
    const early = await cases.client.post(path(c, '/close'), caseworker, {}, days.paid);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      error: 'ILLEGAL_TRANSITION',
      stage: 'RefundOrdered',
      allowedCommands: ['RecordRefund'],
    });
    await cases.client.step(
      path(c, '/refunds'),
      caseworker,
      { refundId: uniqueId('refund'), amount: 2_200_000, reason: '返還金収納' },
      days.paid,
      'AmountConfirmed',
    );
    await cases.client.step(path(c, '/close'), caseworker, {}, days.closed, 'Closed');
    expect((await read(c)).amounts).toMatchObject({
      paid: 7_200_000,
      refunded: 2_200_000,
      outstandingRefund: 0,
    });
  });

  it('不交付 and 取下げ end a case: with a reason, by the right person, and nothing is allowed after', async () => {
    const rejected = live(PROGRAMME_CASES.find((row) => row.programId === 'physician-mutual-support')!);
    const days = on(rejected.fiscalYear);
    await draftAndSubmit(rejected);
    await review(rejected);
    const noReason = await cases.client.post(path(rejected, '/rejection'), approver, {}, days.decided);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual(
      expect.arrayContaining([{ field: 'reason', value: null, reason: 'reason is required' }]),
    );
    const byReviewer = await refused(
      rejected,
      '/rejection',
      reviewerAsApprover,
      { reason: '否' },
      days.decided,
      403,
    );
    expect(byReviewer.error).toBe('FOUR_EYES_VIOLATION');
    const rejection = await cases.client.step(
      path(rejected, '/rejection'),
      approver,
      { reason: '予算の範囲を超える' },
      days.decided,
      'Rejected',
    );
    expect(rejection).toMatchObject({ events: ['ApplicationRejected'], allowedCommands: [] });
    const late = await cases.client.post(
      path(rejected, '/withdrawal'),
      rejected.applicant,
      { reason: '取下げ' },
      days.decided,
    );
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'ILLEGAL_TRANSITION', stage: 'Rejected', allowedCommands: [] });

    const withdrawn = live(PROGRAMME_CASES.find((row) => row.programId === 'ict-network')!);
    await draftAndSubmit(withdrawn);
    await review(withdrawn);
    await cases.client.step(
      path(withdrawn, '/corrections'),
      caseworker,
      { items: ['連絡会の開催計画'], reason: '計画が未提出' },
      on(withdrawn.fiscalYear).reviewed,
      'CorrectionRequested',
    );
    const withdrawal = await cases.client.step(
      path(withdrawn, '/withdrawal'),
      withdrawn.applicant,
      { reason: '本年度は申請見送り' },
      `${withdrawn.fiscalYear}-04-25`,
      'Withdrawn',
    );
    expect(withdrawal.events).toEqual(['ApplicationWithdrawn']);
    expect((await read(withdrawn)).nextAction).toBeNull();
  });

  it('a change request that is not approved (変更不承認) leaves the grant as it was', async () => {
    const c = live(PROGRAMME_CASES.find((row) => row.programId === 'end-of-life-care-allowance')!);
    const days = on(c.fiscalYear);
    await toGrant(c);
    const change = { changeId: uniqueId('chg'), quantity: { personsPerMonth: [5, 5, 5, 5] } };
    await cases.client.step(path(c, '/changes'), c.applicant, change, days.changed, 'ChangeRequested');
    const answer = await cases.client.step(
      path(c, '/changes/rejection'),
      approver,
      { reason: '利用実績の裏付けがない' },
      days.changed,
      'GrantDecided',
    );
    expect(answer.events).toEqual(['ChangeRejected']);
    expect((await read(c)).amounts.granted.amount).toBe(312_000);
    await settleAndClose(c, { actualExpenditure: 400_000, otherIncome: 0 }, 312_000);
  });

  describe('boundaries', () => {
    const pediatric = PROGRAMME_CASES.find((row) => row.programId === 'pediatric-home-care')!;
    const hospitalCase = PROGRAMME_CASES.find((row) => row.programId === 'transition-support')!;

    const draftOnly = async (row: ProgrammeCase, municipalityCode?: string): Promise<LiveCase> => {
      const c = live(row, municipalityCode);
      await cases.client.step('/applications', c.applicant, draftBody(c), on(c.fiscalYear).drafted, 'Draft');
      return c;
    };

    it("a municipality can neither read nor act on another municipality's case (404, nothing written)", async () => {
      const c = await draftOnly(pediatric, CHIYODA);
      expect((await cases.client.get(path(c), municipality(CHIYODA))).status).toBe(200);
      const read = await cases.client.get(path(c), municipality(HACHIOJI));
      expect(read.status).toBe(404);
      expect(read.body.error).toBe('NOT_FOUND');
      const missing = await cases.client.get(
        `/applications/${uniqueId('no-such-case')}`,
        municipality(HACHIOJI),
      );
      expect(missing.body).toEqual(read.body);
      const day = on(c.fiscalYear).submitted;
      expect(await refused(c, '/submit', municipality(HACHIOJI), {}, day, 404)).toEqual(read.body);
    });

    it('a municipality cannot draft a case for another municipality (403 OUT_OF_SCOPE)', async () => {
      const c = live(pediatric, CHIYODA);
      const body = await refused(c, '/applications', municipality(HACHIOJI), draftBody(c), '2017-04-03', 403);
      expect(body).toMatchObject({ error: 'OUT_OF_SCOPE', field: 'recipient.municipalityCode' });
      expect(await streamOf(c)).toEqual([]);
    });

    it("drafting over another municipality's case id is the same 404 as any other access to it", async () => {
      const c = await draftOnly(pediatric, CHIYODA);
      await cases.client.step(path(c, '/submit'), c.applicant, {}, on(c.fiscalYear).submitted, 'Submitted');
      const hachioji = live(pediatric, HACHIOJI);
      const body = draftBody({ ...hachioji, applicationId: c.applicationId });
      const answer = await refused(c, '/applications', hachioji.applicant, body, '2017-04-12', 404);
      expect(answer).toEqual((await cases.client.get(path(c), hachioji.applicant)).body);
      expect(answer).not.toHaveProperty('stage');
      // Its own municipality is told where the case stands.
      const again = await refused(c, '/applications', c.applicant, draftBody(c), '2017-04-12', 409);
      expect(again).toMatchObject({ error: 'ILLEGAL_TRANSITION', stage: 'Submitted' });
    });

    it('an institution cannot apply as a municipality (a municipal programme under its own id)', async () => {
      const hospital = live(hospitalCase);
      const posing = live(pediatric, CHIYODA);
      const recipient = { kind: 'municipality', id: hospital.recipient.id, municipalityCode: CHIYODA };
      const body = draftBody(posing, { recipient });
      const answer = await refused(posing, '/applications', hospital.applicant, body, '2017-04-03', 403);
      expect(answer).toMatchObject({ error: 'OUT_OF_SCOPE', field: 'recipient.kind', value: 'municipality' });
      expect(await streamOf(posing)).toEqual([]);
    });

    it('an auditor reads any case but cannot write (403 READ_ONLY_ROLE)', async () => {
      const c = await draftOnly(pediatric);
      const read = await cases.client.get(path(c), auditor);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ applicationId: c.applicationId, stage: 'Draft' });
      const body = await refused(c, '/submit', auditor, {}, on(c.fiscalYear).submitted, 403);
      expect(body.error).toBe('READ_ONLY_ROLE');
    });

    it('an institution sees and acts on its own cases only', async () => {
      const own = await draftOnly(hospitalCase);
      const other = await draftOnly(hospitalCase);
      expect((await cases.client.get(path(own), own.applicant)).status).toBe(200);
      const foreign = await cases.client.get(path(other), own.applicant);
      expect(foreign.status).toBe(404);
      expect(foreign.body.error).toBe('NOT_FOUND');
      const day = on(other.fiscalYear).submitted;
      expect(await refused(other, '/submit', own.applicant, {}, day, 404)).toEqual(foreign.body);
    });

    it('a call without a token is 401 with a Bearer challenge', async () => {
      const c = await draftOnly(pediatric);
      const read = await request(cases.app.getHttpServer()).get(path(c));
      expect(read.status).toBe(401);
      expect(read.body.error).toBe('MISSING_TOKEN');
      expect(read.headers['www-authenticate']).toMatch(/^Bearer/);
      const body = await refused(c, '/submit', undefined, {}, on(c.fiscalYear).submitted, 401);
      expect(body.error).toBe('MISSING_TOKEN');
    });

    it("the reviewer cannot approve the case's grant nor confirm its amount (403 FOUR_EYES_VIOLATION)", async () => {
      const c = live(pediatric);
      const days = on(c.fiscalYear);
      await draftAndSubmit(c);
      await review(c);
      expect(await refused(c, '/grant', reviewerAsApprover, {}, days.decided, 403)).toMatchObject({
        error: 'FOUR_EYES_VIOLATION',
        field: 'actor.id',
        value: reviewerAsApprover.sub,
        reason: expect.stringContaining('grant decision'),
      });
      await cases.client.step(path(c, '/grant'), approver, {}, days.decided, 'GrantDecided');
      const actuals = { actualExpenditure: 12_000_000, otherIncome: 0 };
      await cases.client.step(
        path(c, '/performance-report'),
        c.applicant,
        actuals,
        days.reported,
        'PerformanceReported',
      );
      expect(
        await refused(c, '/amount-confirmation', reviewerAsApprover, {}, days.confirmed, 403),
      ).toMatchObject({
        error: 'FOUR_EYES_VIOLATION',
        reason: expect.stringContaining('amount confirmation'),
      });
      await cases.client.step(
        path(c, '/amount-confirmation'),
        approver,
        {},
        days.confirmed,
        'AmountConfirmed',
      );
    });

    it('an illegal command (pay a draft) is 409 naming the stage and the commands allowed there', async () => {
      const c = await draftOnly(pediatric);
      const payment = { paymentId: uniqueId('pay'), amount: 1_000 };
      expect(await refused(c, '/payments', caseworker, payment, on(c.fiscalYear).paid, 409)).toMatchObject({
        error: 'ILLEGAL_TRANSITION',
        stage: 'Draft',
        allowedCommands: ['SubmitApplication', 'WithdrawApplication'],
        message: expect.stringContaining('RecordPayment'),
      });
    });

    it('bad input is 400 naming field, value and reason, and writes nothing', async () => {
      const c = await draftOnly(pediatric);
      const payment = { paymentId: 'pay 1', amount: -5, extra: true };
      const body = await refused(c, '/payments', caseworker, payment, on(c.fiscalYear).paid, 400);
      expect(body.error).toBe('VALIDATION_FAILED');
      expect(body.errors).toEqual(
        expect.arrayContaining([
          { field: 'paymentId', value: 'pay 1', reason: expect.any(String) },
          { field: 'amount', value: -5, reason: expect.stringContaining('amount') },
          { field: 'extra', value: true, reason: expect.any(String) },
        ]),
      );

      const fresh = live(pediatric);
      const broken = draftBody(fresh, {
        fiscalYear: '2017',
        recipient: { ...fresh.recipient, municipalityCode: '1310' },
        plannedExpenditure: 1.5,
      });
      const draft = await refused(fresh, '/applications', fresh.applicant, broken, '2017-04-03', 400);
      expect(draft.errors).toEqual(
        expect.arrayContaining([
          { field: 'fiscalYear', value: '2017', reason: expect.any(String) },
          { field: 'recipient.municipalityCode', value: '1310', reason: expect.any(String) },
          { field: 'plannedExpenditure', value: 1.5, reason: expect.any(String) },
        ]),
      );
      expect(await streamOf(fresh)).toEqual([]);
    });

    it('a well-formed command the rules refuse is 422 naming field, value, reason and expected', async () => {
      const c = live(pediatric);
      await toGrant(c);
      const payment = { paymentId: uniqueId('pay'), amount: 10_000_001 };
      expect(
        await refused(c, '/payments', caseworker, payment, on(c.fiscalYear).advancePaid, 422),
      ).toMatchObject({
        error: 'PAYMENT_EXCEEDS_LIMIT',
        field: 'amount',
        value: 10_000_001,
        reason: expect.any(String),
        expected: expect.any(String),
      });
    });

    it('a POST retried with its Idempotency-Key answers the first result and appends once', async () => {
      const c = live(pediatric);
      const days = on(c.fiscalYear);
      const twice = async (step: string, body: object, day: string) => {
        const key = { 'Idempotency-Key': randomUUID() };
        const first = await cases.client.post(step, c.applicant, body, day, key);
        expect(first.status).toBe(201);
        const retry = await cases.client.post(step, c.applicant, body, day, key);
        expect(retry.status).toBe(201);
        expect(retry.body).toEqual(first.body);
        expect(retry.headers['idempotent-replayed']).toBe('true');
      };
      await twice('/applications', draftBody(c), days.drafted);
      expect((await streamOf(c)).map((e) => e.type)).toEqual(['ApplicationDrafted']);
      await twice(path(c, '/submit'), {}, days.submitted);
      // Without the key the same command is a new request: the stage refuses it.
      await refused(c, '/submit', c.applicant, {}, days.submitted, 409);
      expect((await streamOf(c)).map((e) => e.type)).toEqual(['ApplicationDrafted', 'ApplicationSubmitted']);
    });

    it("a command's answer carries the global position and revision of the event it wrote", async () => {
      const c = await draftOnly(pediatric);
      const answer = await cases.client.step(
        path(c, '/submit'),
        c.applicant,
        {},
        on(c.fiscalYear).submitted,
        'Submitted',
      );
      const events = await streamOf(c);
      const last = events.at(-1)!;
      expect(last.type).toBe('ApplicationSubmitted');
      expect(answer).toMatchObject({
        applicationId: c.applicationId,
        position: last.position.toString(),
        revision: last.revision,
        events: ['ApplicationSubmitted'],
        allowedCommands: ['StartReview', 'WithdrawApplication'],
      });
      expect(BigInt(answer.position)).toBeGreaterThan(events[0]!.position);
      expect((await read(c)).position).toBe(answer.position);
    });
  });
});
