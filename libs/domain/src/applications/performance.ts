import { nonNegativeYen, subtractYen } from '../shared/money.ts';
import { confirmedAmount } from './application-amounts.ts';
import type { ApplicationHandler } from './application-handler.ts';
import { baseOf, daysAfter, event, refOf, scheduleOf, today } from './application-handler.ts';
import { requireFourEyes } from './application-policies.ts';

/** 実績報告: actual expenditure and other income in integer yen; a late report is taken and marked. */
export const reportPerformance: ApplicationHandler<'ReportPerformance'> = (command, state, rules) => {
  const grant = state.grant!;
  const on = today(command);
  const dueDate = state.performanceReportDueDate!;
  return [
    event('PerformanceReported', {
      ...baseOf(state, command),
      reportedOn: on,
      dueDate,
      late: on > dueDate,
      actualExpenditure: nonNegativeYen(command.data.actualExpenditure, 'actualExpenditure'),
      otherIncome: nonNegativeYen(command.data.otherIncome, 'otherIncome'),
      quantity: { ...(command.data.quantity ?? grant.amounts.quantity) },
      grantedAmount: grant.amount,
      confirmationDueDate: daysAfter(command, scheduleOf(state, rules).standardProcessingDays),
    }),
  ];
};

/**
 * 額の確定: the amount rule on the actuals, never above the granted amount, by an approver who did not
 * review the case. When more was paid in advance than is confirmed, the difference is ordered back (返還).
 */
export const confirmAmount: ApplicationHandler<'ConfirmAmount'> = (command, state, rules) => {
  requireFourEyes(command.actor, state.reviewerIds, 'amount confirmation (額の確定)');
  const report = state.report!;
  const granted = state.grant!.amount;
  const { calculatedAmount, decision } = confirmedAmount(
    rules.catalogue,
    refOf(state),
    { quantity: report.quantity, expenditure: report.actualExpenditure, otherIncome: report.otherIncome },
    state.grant!,
  );
  const on = today(command);
  const confirmed = decision.amount;
  const events = [
    event('AmountConfirmed', {
      ...baseOf(state, command),
      confirmedOn: on,
      approverId: command.actor.id,
      reviewerIds: state.reviewerIds,
      grantedAmount: granted,
      calculatedAmount,
      confirmedAmount: confirmed,
      paidSoFar: state.paid,
      confirmation: decision,
    }),
  ];
  if (state.paid > confirmed) {
    events.push(
      event('RefundOrdered', {
        ...baseOf(state, command),
        orderedOn: on,
        dueDate: daysAfter(command, scheduleOf(state, rules).refundDueDays),
        amount: subtractYen(state.paid, confirmed),
        paid: state.paid,
        confirmedAmount: confirmed,
      }),
    );
  }
  return events;
};
