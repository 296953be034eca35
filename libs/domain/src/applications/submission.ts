import { compareCalendarDates, formatCalendarDate, tokyoDateOf } from '../shared/calendar-date.ts';
import { refuse, requireReason } from '../shared/command-guards.ts';
import { calculateProgramAmount } from '../rules/program-amount.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import type { Yen } from '../shared/money.ts';
import type { ApplicationRules, ApplicationHandler } from './application-handler.ts';
import { baseOf, daysAfter, event, recordOf, refOf, scheduleOf, today } from './application-handler.ts';
import { requireInScope } from './application-policies.ts';
import {
  type ApplicationAmounts,
  type ApplicationRef,
  revisedAmounts,
  validatedTerms,
} from './application-terms.ts';

function requestedAmountOf(rules: ApplicationRules, ref: ApplicationRef, amounts: ApplicationAmounts): Yen {
  return calculateProgramAmount(rules.catalogue, {
    programId: ref.programId,
    menuId: ref.menuId,
    fiscalYear: fiscalYear(ref.fiscalYear),
    programYear: ref.programYear,
    quantity: amounts.quantity,
    actualExpenditure: amounts.plannedExpenditure,
    otherIncome: amounts.otherIncome,
  }).amount;
}

/** 交付申請書の作成: terms checked against the catalogue in force in the application's fiscal year. */
export const draftApplication: ApplicationHandler<'DraftApplication'> = (command, _state, rules) => {
  const { terms, requestedAmount } = validatedTerms(rules.catalogue, command.data);
  requireInScope(command.actor, terms.recipient);
  const schedule = rules.schedule.scheduleFor(terms.programId, terms.fiscalYear);
  return [
    event('ApplicationDrafted', {
      ...terms,
      recorded: recordOf(command),
      draftedOn: today(command),
      requestedAmount,
      applicationWindow: {
        opens: formatCalendarDate(schedule.applicationOpens),
        closes: formatCalendarDate(schedule.applicationCloses),
      },
    }),
  ];
};

/** 申請: only within the programme's application window for the fiscal year. */
export const submitApplication: ApplicationHandler<'SubmitApplication'> = (command, state, rules) => {
  const schedule = scheduleOf(state, rules);
  const on = tokyoDateOf(command.at);
  const opens = formatCalendarDate(schedule.applicationOpens);
  const closes = formatCalendarDate(schedule.applicationCloses);
  if (
    compareCalendarDates(on, schedule.applicationOpens) < 0 ||
    compareCalendarDates(on, schedule.applicationCloses) > 0
  ) {
    refuse(
      'OUTSIDE_APPLICATION_WINDOW',
      'at',
      formatCalendarDate(on),
      `applications to ${schedule.programId} for FY${schedule.fiscalYear} are accepted from ${opens} to ${closes} (${schedule.origin})`,
      `a date from ${opens} to ${closes}`,
    );
  }
  const requested = state.requested!;
  return [
    event('ApplicationSubmitted', {
      ...baseOf(state, command),
      ...requested,
      submittedOn: today(command),
      requestedAmount: requestedAmountOf(rules, refOf(state), requested),
      decisionDueDate: daysAfter(command, schedule.standardProcessingDays),
    }),
  ];
};

/** 補正後の再提出: the corrected amounts replace the earlier ones; a late answer is taken and marked. */
export const resubmitApplication: ApplicationHandler<'ResubmitApplication'> = (command, state, rules) => {
  const amounts = revisedAmounts(state.requested!, command.data);
  const on = today(command);
  const response = command.data.response?.trim();
  return [
    event('ApplicationResubmitted', {
      ...baseOf(state, command),
      ...amounts,
      resubmittedOn: on,
      ...(response ? { response } : {}),
      late: state.correction !== undefined && on > state.correction.responseDueDate,
      requestedAmount: requestedAmountOf(rules, refOf(state), amounts),
      decisionDueDate: daysAfter(command, scheduleOf(state, rules).standardProcessingDays),
    }),
  ];
};

/** 取下げ: before a decision only (the stage table), always with a reason. */
export const withdrawApplication: ApplicationHandler<'WithdrawApplication'> = (command, state) => {
  const reason = requireReason(command);
  return [
    event('ApplicationWithdrawn', {
      ...baseOf(state, command, reason),
      withdrawnOn: today(command),
      reason,
      fromStage: state.stage,
    }),
  ];
};
