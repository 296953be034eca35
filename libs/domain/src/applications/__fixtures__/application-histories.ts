import { SEED_CATALOGUE } from '../../rules/seed-catalogue.ts';
import type { Actor } from '../../shared/actor.ts';
import { foldEvents } from '../../shared/decider.ts';
import { fiscalYear } from '../../shared/fiscal-year.ts';
import type {
  ApplicationCommand,
  ApplicationCommandOf,
  ApplicationCommandType,
  ReviewFacts,
} from '../application-commands.ts';
import { applicationDecider } from '../application-decider.ts';
import type { ApplicationEvent } from '../application-events.ts';
import type { ApplicationStage } from '../application-stage.ts';
import type { ApplicationState } from '../application-state.ts';

/** Shared by the application specs: actors, dates, commands and histories that reach every stage. */
export const decider = applicationDecider(SEED_CATALOGUE);

export const hospital: Actor = { id: 'inst-hosp-1', role: 'institution', institutionId: 'hosp-1' };
export const otherHospital: Actor = { id: 'inst-hosp-2', role: 'institution', institutionId: 'hosp-2' };
export const chiyoda: Actor = { id: 'muni-1', role: 'municipality', municipalityCode: '131016' };
export const hachioji: Actor = { id: 'muni-2', role: 'municipality', municipalityCode: '132012' };
export const caseworker: Actor = { id: 'cw-1', role: 'caseworker' };
export const approver: Actor = { id: 'ap-1', role: 'approver' };
/** The reviewer (cw-1) acting as an approver: the four-eyes principle refuses it. */
export const reviewerAsApprover: Actor = { id: 'cw-1', role: 'approver' };
export const auditor: Actor = { id: 'au-1', role: 'auditor' };
export const system: Actor = { id: 'system', role: 'system' };

export const jst = (date: string): Date => new Date(`${date}T10:00:00+09:00`);

export function command<T extends ApplicationCommandType>(
  type: T,
  data: ApplicationCommandOf<T>['data'],
  at: string,
  actor: Actor,
  reason?: string,
): ApplicationCommand {
  return { type, data, at: jst(at), actor, ...(reason ? { reason } : {}) } as ApplicationCommand;
}

/** Decides and appends: the history after the command. */
export function run(history: readonly ApplicationEvent[], cmd: ApplicationCommand): ApplicationEvent[] {
  const state = foldEvents(decider, history);
  return [...history, ...decider.decide(cmd, state)];
}

export const stateOf = (history: readonly ApplicationEvent[]): ApplicationState =>
  foldEvents(decider, history);

/** 在宅療養移行支援事業, 平成28年度 (year 1, 10/10): 2 persons of discharge staff. */
export const transitionSupportTerms = (
  overrides: Partial<ApplicationCommandOf<'DraftApplication'>['data']> = {},
) => ({
  applicationId: 'app-1',
  programId: 'transition-support',
  menuId: 'discharge-staff',
  fiscalYear: 2016,
  programYear: 1,
  recipient: { kind: 'hospital' as const, id: 'hosp-1', municipalityCode: '131016' },
  quantity: { persons: 2 },
  plannedExpenditure: 8_000_000,
  otherIncome: 0,
  ...overrides,
});

/** A designated secondary emergency hospital under 200 beds that newly met the 退院支援加算 standard. */
export const transitionSupportFacts: ReviewFacts = {
  applicant: { kind: 'hospital', beds: 150, designatedSecondaryEmergency: true },
  dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
  acceptsPatientsOnConditionChange: true,
  staffTrainingCompletions: [],
};

export const failingFacts: ReviewFacts = {
  ...transitionSupportFacts,
  applicant: { kind: 'hospital', beds: 250, designatedSecondaryEmergency: true },
};

export const completion = (
  personId: string,
  course: 'common' | 'dischargeSupportAdvanced' | 'dischargeSupportBasic',
  fy: number,
) => ({
  personId,
  course,
  fiscalYear: fiscalYear(fy),
});

/** A small private hospital whose nurse-7 completed ① and ③ in FY2015 (在宅療養移行体制確保事業). */
export const transitionStaffingFacts: ReviewFacts = {
  applicant: {
    kind: 'hospital',
    beds: 120,
    designatedSecondaryEmergency: false,
    psychiatric: false,
    independentAdministrativeAgency: false,
    municipal: false,
    metropolitan: false,
  },
  staffTrainingCompletions: [
    completion('nurse-7', 'common', 2015),
    completion('nurse-7', 'dischargeSupportBasic', 2015),
  ],
  acceptsPatientsOnConditionChange: true,
};

export const drafted = run([], command('DraftApplication', transitionSupportTerms(), '2016-04-05', hospital));
export const submitted = run(drafted, command('SubmitApplication', {}, '2016-04-10', hospital));
export const underReview = run(
  submitted,
  command('StartReview', { facts: transitionSupportFacts }, '2016-04-15', caseworker),
);
export const correctionRequested = run(
  underReview,
  command('RequestCorrection', { items: ['人件費の内訳'] }, '2016-04-20', caseworker, '内訳が不足'),
);
export const resubmitted = run(
  correctionRequested,
  command(
    'ResubmitApplication',
    { response: '内訳を添付', plannedExpenditure: 7_500_000 },
    '2016-04-25',
    hospital,
  ),
);
export const granted = run(underReview, command('DecideGrant', {}, '2016-05-01', approver));
export const changeRequested = run(
  granted,
  command(
    'RequestChange',
    { changeId: 'chg-1', quantity: { persons: 1 } },
    '2016-08-01',
    hospital,
    '1名退職',
  ),
);
export const rejected = run(
  underReview,
  command('RejectApplication', {}, '2016-05-01', approver, '要件を満たさない'),
);
export const withdrawn = run(
  drafted,
  command('WithdrawApplication', {}, '2016-04-06', hospital, '申請見送り'),
);
export const advancePaid = run(
  granted,
  command('RecordPayment', { paymentId: 'pay-1', amount: 7_200_000 }, '2016-05-10', caseworker),
);
export const reported = run(
  granted,
  command('ReportPerformance', { actualExpenditure: 7_300_000, otherIncome: 0 }, '2017-04-05', hospital),
);
export const confirmed = run(reported, command('ConfirmAmount', {}, '2017-04-20', approver));
export const settled = run(
  confirmed,
  command('RecordPayment', { paymentId: 'pay-2', amount: 7_200_000 }, '2017-05-01', caseworker),
);
/** 7,200,000円 paid in advance, 5,000,000円 actually spent: 2,200,000円 to refund. */
export const refundOrdered = run(
  run(
    advancePaid,
    command('ReportPerformance', { actualExpenditure: 5_000_000, otherIncome: 0 }, '2017-04-05', hospital),
  ),
  command('ConfirmAmount', {}, '2017-04-20', approver),
);
export const closed = run(settled, command('CloseApplication', {}, '2017-05-02', caseworker));

/** A history in every stage. */
export const HISTORY_IN_STAGE: Readonly<Record<ApplicationStage, readonly ApplicationEvent[]>> = {
  New: [],
  Draft: drafted,
  Submitted: submitted,
  UnderReview: underReview,
  CorrectionRequested: correctionRequested,
  Resubmitted: resubmitted,
  GrantDecided: granted,
  ChangeRequested: changeRequested,
  Rejected: rejected,
  Withdrawn: withdrawn,
  PerformanceReported: reported,
  AmountConfirmed: confirmed,
  RefundOrdered: refundOrdered,
  Closed: closed,
};
