import type { Role } from '../shared/actor.ts';
import type { ApplicationCommandType } from './application-commands.ts';
import { APPLICATION_COMMAND_ROLES } from './application-policies.ts';
import { type ApplicationState, netPaid } from './application-state.ts';

/** What the case waits for, who is to do it and by when (for the work queue). */
export interface NextApplicationAction {
  readonly stage: ApplicationState['stage'];
  readonly action: ApplicationCommandType;
  readonly by: readonly Role[];
  /** YYYY-MM-DD (Tokyo); absent when no deadline applies. */
  readonly dueDate?: string;
  readonly label: { readonly ja: string; readonly en: string };
  /** Other commands that serve the same step (a failed review: 補正依頼 instead of 不交付). */
  readonly alternatives?: readonly ApplicationCommandType[];
  /** Why this action and not the usual one (the failed eligibility checks' reasons). */
  readonly reasons?: readonly { readonly ja: string; readonly en: string }[];
}

function next(
  state: ApplicationState,
  action: ApplicationCommandType,
  dueDate: string | undefined,
  ja: string,
  en: string,
): NextApplicationAction {
  return {
    stage: state.stage,
    action,
    by: APPLICATION_COMMAND_ROLES[action],
    ...(dueDate ? { dueDate } : {}),
    label: { ja, en },
  };
}

/**
 * A review that recorded a failed check cannot end in a grant (the decider refuses DecideGrant): the case
 * waits for 不交付 by an approver or a 補正依頼 by a caseworker, and says which requirements failed.
 */
function notEligible(
  state: ApplicationState,
  eligibility: NonNullable<ApplicationState['eligibility']>,
): NextApplicationAction {
  const reasons = eligibility.failedReasons ?? [];
  const ja = reasons.length > 0 ? reasons.map((r) => r.ja).join('、') : eligibility.failedCheckIds.join('、');
  const en = reasons.length > 0 ? reasons.map((r) => r.en).join('; ') : eligibility.failedCheckIds.join(', ');
  return {
    ...next(
      state,
      'RejectApplication',
      state.decisionDueDate,
      `不交付の決定又は補正依頼(要件不適合: ${ja})`,
      `reject or request a correction (requirements not met: ${en})`,
    ),
    by: [...APPLICATION_COMMAND_ROLES.RejectApplication, ...APPLICATION_COMMAND_ROLES.RequestCorrection],
    alternatives: ['RequestCorrection'],
    reasons: reasons.length > 0 ? reasons : eligibility.failedCheckIds.map((id) => ({ ja: id, en: id })),
  };
}

/**
 * The next expected action of a case and its due date, from the state alone (every due date is in the
 * events). Undefined for a case that has ended (rejected, withdrawn, closed).
 */
export function nextApplicationAction(state: ApplicationState): NextApplicationAction | undefined {
  switch (state.stage) {
    case 'New':
    case 'Rejected':
    case 'Withdrawn':
    case 'Closed':
      return undefined;
    case 'Draft':
      return next(
        state,
        'SubmitApplication',
        state.applicationWindow?.closes,
        '申請書の提出',
        'submit the application',
      );
    case 'Submitted':
    case 'Resubmitted':
      return next(state, 'StartReview', state.decisionDueDate, '審査', 'review the application');
    case 'UnderReview':
      return state.eligibility && !state.eligibility.eligible
        ? notEligible(state, state.eligibility)
        : next(state, 'DecideGrant', state.decisionDueDate, '交付決定', 'decide the grant');
    case 'CorrectionRequested':
      return next(
        state,
        'ResubmitApplication',
        state.correction?.responseDueDate,
        '補正後の再提出',
        'answer the correction request',
      );
    case 'GrantDecided':
      return next(
        state,
        'ReportPerformance',
        state.performanceReportDueDate,
        '実績報告',
        'report performance',
      );
    case 'ChangeRequested':
      return next(
        state,
        'ApproveChange',
        state.pendingChange?.decisionDueDate,
        '変更承認',
        'decide the change',
      );
    case 'PerformanceReported':
      return next(state, 'ConfirmAmount', state.confirmationDueDate, '額の確定', 'confirm the amount');
    case 'AmountConfirmed':
      return netPaid(state) < (state.confirmedAmount ?? 0)
        ? next(state, 'RecordPayment', undefined, '精算払', 'pay the confirmed amount')
        : next(state, 'CloseApplication', undefined, '完結', 'close the case');
    case 'RefundOrdered':
      return next(state, 'RecordRefund', state.refundDueDate, '返還金の収納', 'record the refund');
  }
}
