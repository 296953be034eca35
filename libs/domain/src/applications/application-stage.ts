import { assertCommandAllowed } from '../shared/illegal-transition-error.ts';
import type { ApplicationCommandType } from './application-commands.ts';

/**
 * The stages of an application (交付申請から支払まで). `New` is the empty stream.
 *
 *   New → Draft → Submitted → UnderReview ⇄ CorrectionRequested → Resubmitted → UnderReview
 *   UnderReview → GrantDecided | Rejected;   Draft … Resubmitted → Withdrawn
 *   GrantDecided ⇄ ChangeRequested;   GrantDecided → PerformanceReported → AmountConfirmed | RefundOrdered
 *   RefundOrdered → AmountConfirmed (refund received) → Closed
 */
export type ApplicationStage =
  | 'New'
  | 'Draft'
  | 'Submitted'
  | 'UnderReview'
  | 'CorrectionRequested'
  | 'Resubmitted'
  | 'GrantDecided'
  | 'ChangeRequested'
  | 'Rejected'
  | 'Withdrawn'
  | 'PerformanceReported'
  | 'AmountConfirmed'
  | 'RefundOrdered'
  | 'Closed';

/** Which commands each stage accepts; every other command is an IllegalTransitionError (HTTP 409). */
export const APPLICATION_ALLOWED_COMMANDS: Readonly<
  Record<ApplicationStage, readonly ApplicationCommandType[]>
> = {
  New: ['DraftApplication'],
  Draft: ['SubmitApplication', 'WithdrawApplication'],
  Submitted: ['StartReview', 'WithdrawApplication'],
  UnderReview: ['RequestCorrection', 'DecideGrant', 'RejectApplication', 'WithdrawApplication'],
  CorrectionRequested: ['ResubmitApplication', 'RejectApplication', 'WithdrawApplication'],
  Resubmitted: ['StartReview', 'WithdrawApplication'],
  GrantDecided: ['RequestChange', 'RecordPayment', 'ReportPerformance'],
  ChangeRequested: ['ApproveChange', 'RejectChange'],
  Rejected: [],
  Withdrawn: [],
  PerformanceReported: ['ConfirmAmount'],
  AmountConfirmed: ['RecordPayment', 'CloseApplication'],
  RefundOrdered: ['RecordRefund'],
  Closed: [],
};

export const APPLICATION_STAGES = Object.keys(APPLICATION_ALLOWED_COMMANDS) as ApplicationStage[];

export const FINAL_APPLICATION_STAGES: readonly ApplicationStage[] = ['Rejected', 'Withdrawn', 'Closed'];

export function allowedApplicationCommands(stage: ApplicationStage): readonly ApplicationCommandType[] {
  return APPLICATION_ALLOWED_COMMANDS[stage];
}

export function assertApplicationCommandAllowed(stage: ApplicationStage, type: ApplicationCommandType): void {
  assertCommandAllowed(APPLICATION_ALLOWED_COMMANDS, stage, type);
}

/** The stages as the office's tables name them. */
export const APPLICATION_STAGE_LABELS: Readonly<Record<ApplicationStage, string>> = {
  New: '未作成',
  Draft: '作成中',
  Submitted: '申請済',
  UnderReview: '審査中',
  CorrectionRequested: '補正依頼中',
  Resubmitted: '再提出',
  GrantDecided: '交付決定',
  ChangeRequested: '変更申請中',
  Rejected: '不交付',
  Withdrawn: '取下げ',
  PerformanceReported: '実績報告済',
  AmountConfirmed: '額確定',
  RefundOrdered: '返還命令中',
  Closed: '完結',
};
