import { formatCalendarDate } from '../shared/calendar-date.ts';
import { refuse, requireReason } from '../shared/command-guards.ts';
import { grantAmount } from './application-amounts.ts';
import type { ApplicationHandler } from './application-handler.ts';
import { baseOf, event, refOf, scheduleOf, today } from './application-handler.ts';
import { requireFourEyes } from './application-policies.ts';

/**
 * 交付決定: by an approver who did not review the case, only when every eligibility check of the latest
 * review passed (or did not apply); the amount is the amount rule on the planned expenditure, with its trace.
 */
export const decideGrant: ApplicationHandler<'DecideGrant'> = (command, state, rules) => {
  requireFourEyes(command.actor, state.reviewerIds, 'grant decision (交付決定)');
  const failedCheckIds = state.eligibility?.failedCheckIds ?? [];
  if (!state.eligibility?.eligible) {
    refuse(
      'ELIGIBILITY_FAILED',
      'eligibility',
      failedCheckIds,
      `the review found failed eligibility checks: ${failedCheckIds.join(', ')}`,
      'every check passed or not applicable; otherwise reject (不交付) or request a correction',
    );
  }
  const requested = state.requested!;
  return [
    event('GrantDecided', {
      ...baseOf(state, command),
      ...requested,
      decidedOn: today(command),
      approverId: command.actor.id,
      reviewerIds: state.reviewerIds,
      grant: grantAmount(rules.catalogue, refOf(state), requested),
      performanceReportDueDate: formatCalendarDate(scheduleOf(state, rules).performanceReportDue),
    }),
  ];
};

/** 不交付決定: by an approver who did not review the case, with the reason given to the applicant. */
export const rejectApplication: ApplicationHandler<'RejectApplication'> = (command, state) => {
  const reason = requireReason(command);
  requireFourEyes(command.actor, state.reviewerIds, 'rejection (不交付決定)');
  return [
    event('ApplicationRejected', {
      ...baseOf(state, command, reason),
      rejectedOn: today(command),
      approverId: command.actor.id,
      reason,
      failedCheckIds: state.eligibility?.failedCheckIds ?? [],
    }),
  ];
};
