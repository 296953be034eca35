import type { ApplicationCommand } from '../applications/application-commands.ts';
import type { Actor, Role } from '../shared/actor.ts';
import type { PastCaseColumn } from './past-case-columns.ts';
import type { PastCase, PastCaseStage } from './past-case.ts';

/** One command of a past case, with the column whose date (and actor) it was read from. */
export interface PastCaseStep {
  readonly column: PastCaseColumn;
  readonly command: ApplicationCommand;
}

/** 返還 needs a reason; a ledger records the receipt only. */
export const PAST_CASE_REFUND_REASON = '返還金の受領(過年度台帳より)';

/**
 * The instant of a stage: 10:00 Tokyo time on its date. A ledger keeps dates, not times; the events'
 * dates (draftedOn, decidedOn…) are the Tokyo date of this instant, the original date.
 */
export function pastCaseInstant(on: string): Date {
  return new Date(`${on}T10:00:00+09:00`);
}

function command<T extends ApplicationCommand['type']>(
  type: T,
  stage: PastCaseStage,
  role: Role,
  data: Extract<ApplicationCommand, { type: T }>['data'],
  reason?: string,
): ApplicationCommand {
  const actor: Actor = { id: stage.actorId, role };
  return {
    type,
    data,
    actor,
    at: pastCaseInstant(stage.on),
    ...(reason ? { reason } : {}),
  } as ApplicationCommand;
}

/**
 * The commands a live case would have had, in order, each at its original date and by its original
 * actor. A paper case was entered by the office: the applicant's steps (作成, 申請, 実績報告, 取下げ)
 * are recorded as a caseworker's entry (the role that may enter a paper application for an applicant),
 * the review as the caseworker's, the decisions and the 額の確定 as the approver's, payments, refunds
 * and closing as the office's (担当者).
 */
export function pastCaseCommands(pastCase: PastCase): PastCaseStep[] {
  const c = pastCase;
  const steps: PastCaseStep[] = [
    {
      column: 'draftedOn',
      command: command('DraftApplication', c.drafted, 'caseworker', { ...c.ref, ...c.amounts }),
    },
    { column: 'submittedOn', command: command('SubmitApplication', c.submitted, 'caseworker', {}) },
  ];
  if (c.review)
    steps.push({
      column: 'reviewedOn',
      command: command('StartReview', c.review, 'caseworker', { facts: c.review.facts }),
    });
  const decision = c.decision;
  if (decision?.kind === 'granted')
    steps.push({ column: 'decidedOn', command: command('DecideGrant', decision, 'approver', {}) });
  if (decision?.kind === 'rejected')
    steps.push({
      column: 'decidedOn',
      command: command('RejectApplication', decision, 'approver', {}, decision.reason),
    });
  if (decision?.kind === 'withdrawn')
    steps.push({
      column: 'decidedOn',
      command: command('WithdrawApplication', decision, 'caseworker', {}, decision.reason),
    });
  const { applicationId } = c.ref;
  /** 概算払 and 精算払: the payment's id from the case's and its kind, so that a re-import repeats it. */
  const payment = (column: PastCaseColumn, kind: string, paid: PastCaseStage & { amount: number }) =>
    steps.push({
      column,
      command: command('RecordPayment', paid, 'caseworker', {
        paymentId: `${applicationId}-${kind}`,
        amount: paid.amount,
      }),
    });
  if (c.advancePayment) payment('advancePaidOn', 'advance', c.advancePayment);
  if (c.report)
    steps.push({
      column: 'reportedOn',
      command: command('ReportPerformance', c.report, 'caseworker', {
        actualExpenditure: c.report.actualExpenditure,
        otherIncome: c.report.otherIncome,
      }),
    });
  if (c.confirmation)
    steps.push({ column: 'confirmedOn', command: command('ConfirmAmount', c.confirmation, 'approver', {}) });
  if (c.settlement) payment('settlementPaidOn', 'settlement', c.settlement);
  if (c.refund)
    steps.push({
      column: 'refundedOn',
      command: command(
        'RecordRefund',
        c.refund,
        'caseworker',
        { refundId: `${applicationId}-refund`, amount: c.refund.amount },
        PAST_CASE_REFUND_REASON,
      ),
    });
  if (c.closed)
    steps.push({ column: 'closedOn', command: command('CloseApplication', c.closed, 'caseworker', {}) });
  return steps;
}
