import type { TrainingCompletionFact } from '../rules/eligibility/eligibility-facts.ts';
import { type TrainingObligation, advancedCourseObligations } from '../rules/eligibility/staff-training.ts';
import type { DomainEvent } from '../shared/decider.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import { type TrainingEvent, isTrainingEvent } from './training-events.ts';

type Completed = Extract<TrainingEvent, { type: 'TrainingCompleted' }>;

const isCompletion = (event: DomainEvent): event is Completed =>
  isTrainingEvent(event) && event.type === 'TrainingCompleted';

/**
 * The completions the eligibility rules look at (staffTrainingCompletions), from TrainingCompleted events
 * of any offerings; only those of one employing institution when `institutionId` is given.
 */
export function trainingCompletionFacts(
  events: Iterable<DomainEvent>,
  institutionId?: string,
): TrainingCompletionFact[] {
  return [...events]
    .filter(isCompletion)
    .filter((e) => institutionId === undefined || e.data.institutionId === institutionId)
    .map((e) => ({
      personId: e.data.personId,
      course: e.data.courseId,
      fiscalYear: fiscalYear(e.data.fiscalYear),
    }));
}

/** ③修了者は翌年度②を受講すること: the open or missed duties of an institution's staff as of a fiscal year. */
export function trainingObligationsOf(
  events: Iterable<DomainEvent>,
  institutionId: string,
  asOfFiscalYear: number,
): TrainingObligation[] {
  return advancedCourseObligations(
    trainingCompletionFacts(events, institutionId),
    fiscalYear(asOfFiscalYear),
  );
}
