import { formatYen } from '../shared/money.ts';
import { refuse, requireId, requireReason } from '../shared/command-guards.ts';
import { grantAmount } from './application-amounts.ts';
import type { ApplicationHandler } from './application-handler.ts';
import { baseOf, daysAfter, event, refOf, scheduleOf, today } from './application-handler.ts';
import { requireFourEyes } from './application-policies.ts';
import { revisedAmounts } from './application-terms.ts';

/** 変更申請: new quantity or planned money for a granted case. */
export const requestChange: ApplicationHandler<'RequestChange'> = (command, state, rules) => {
  const grant = state.grant!;
  const amounts = revisedAmounts(grant.amounts, command.data);
  return [
    event('ChangeRequested', {
      ...baseOf(state, command),
      ...amounts,
      changeId: requireId(command.data?.changeId, 'changeId'),
      requestedOn: today(command),
      currentGrantedAmount: grant.amount,
      decisionDueDate: daysAfter(command, scheduleOf(state, rules).standardProcessingDays),
    }),
  ];
};

/** 変更承認: the granted amount recalculated on the changed terms; never below what was already paid. */
export const approveChange: ApplicationHandler<'ApproveChange'> = (command, state, rules) => {
  const reason = requireReason(command);
  requireFourEyes(command.actor, state.reviewerIds, 'change approval (変更承認)');
  const change = state.pendingChange!;
  const grant = grantAmount(
    rules.catalogue,
    refOf(state),
    change.amounts,
    state.grant?.ruleVersionId || undefined,
  );
  if (grant.amount < state.paid) {
    refuse(
      'GRANT_BELOW_PAID',
      'grant.amount',
      grant.amount,
      `the changed grant ${formatYen(grant.amount)} is below the ${formatYen(state.paid)} already paid in advance`,
      `a change that keeps the grant at or above ${formatYen(state.paid)}`,
    );
  }
  return [
    event('ChangeApproved', {
      ...baseOf(state, command, reason),
      ...change.amounts,
      changeId: change.changeId,
      approvedOn: today(command),
      approverId: command.actor.id,
      reason,
      previousGrantedAmount: state.grant!.amount,
      grant,
    }),
  ];
};

/** 変更不承認: the grant stays as it was. */
export const rejectChange: ApplicationHandler<'RejectChange'> = (command, state) => {
  const reason = requireReason(command);
  requireFourEyes(command.actor, state.reviewerIds, 'change decision (変更不承認)');
  return [
    event('ChangeRejected', {
      ...baseOf(state, command, reason),
      changeId: state.pendingChange!.changeId,
      rejectedOn: today(command),
      approverId: command.actor.id,
      reason,
      grantedAmount: state.grant!.amount,
    }),
  ];
};
