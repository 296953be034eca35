import { evaluateEligibility } from '../rules/eligibility/evaluate-eligibility.ts';
import { refuse, requireReason } from '../shared/command-guards.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import { parseCalendarDate } from '../shared/calendar-date.ts';
import type { ApplicationHandler } from './application-handler.ts';
import { baseOf, daysAfter, event, refOf, scheduleOf, today } from './application-handler.ts';

/** 審査: the reviewer and the eligibility checks on the facts given are recorded with the case. */
export const startReview: ApplicationHandler<'StartReview'> = (command, state, rules) => {
  const ref = refOf(state);
  const facts = command.data?.facts;
  if (!facts?.applicant) {
    refuse(
      'INVALID_COMMAND_DATA',
      'facts.applicant',
      null,
      'the review needs the facts about the applicant',
      'facts: { applicant: { kind, … }, … } (EligibilityFacts without fiscalYear / programYear)',
    );
  }
  const result = evaluateEligibility(rules.catalogue, ref.programId, {
    ...facts,
    fiscalYear: fiscalYear(ref.fiscalYear),
    programYear: ref.programYear,
  });
  return [
    event('ReviewStarted', {
      ...baseOf(state, command),
      reviewerId: command.actor.id,
      reviewedOn: today(command),
      facts,
      eligibility: {
        versionId: result.versionId,
        eligible: result.eligible,
        checks: result.checks,
        obligations: result.obligations,
      },
    }),
  ];
};

/** 補正依頼: what to correct, and by when (default: the programme's correction response period). */
export const requestCorrection: ApplicationHandler<'RequestCorrection'> = (command, state, rules) => {
  const reason = requireReason(command);
  const items = (command.data?.items ?? []).map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) {
    refuse(
      'INVALID_COMMAND_DATA',
      'items',
      command.data?.items ?? null,
      'a correction request names what to correct',
      'one or more non-empty items',
    );
  }
  const on = today(command);
  const given = command.data.responseDueDate;
  if (given !== undefined) parseCalendarDate(given, 'responseDueDate');
  if (given !== undefined && given <= on) {
    refuse(
      'INVALID_COMMAND_DATA',
      'responseDueDate',
      given,
      'the response due date must leave the applicant time',
      `a date after ${on}`,
    );
  }
  return [
    event('CorrectionRequested', {
      ...baseOf(state, command, reason),
      requestedOn: on,
      items,
      responseDueDate: given ?? daysAfter(command, scheduleOf(state, rules).correctionResponseDays),
    }),
  ];
};
