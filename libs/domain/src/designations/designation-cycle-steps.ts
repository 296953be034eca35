import type { RecommendationRoundCommandType } from './recommendation-round-commands.ts';
import { currentDesignations, type RecommendationRoundState } from './recommendation-round-state.ts';

/**
 * The steps of a round that are due on a Tokyo date, from the round's own calendar (configurable per
 * round, so one daily job serves every calendar). Each step's decision is idempotent: issuing a step
 * that already happened records nothing, so the daily job can simply issue everything due.
 */
export function dueDesignationSteps(
  state: RecommendationRoundState,
  today: string,
): RecommendationRoundCommandType[] {
  if (!state.opened || state.calendar === undefined) return [];
  const { recommendationDeadline, designationCutoff, publicationDueDate } = state.calendar;
  const steps: RecommendationRoundCommandType[] = [];
  // February: remind those without a recommendation (on the 1st and in the last week before the deadline).
  const deadlineMonth = recommendationDeadline.slice(0, 7);
  if (
    !state.windowClosed &&
    today.slice(0, 7) === deadlineMonth &&
    (today.endsWith('-01') || daysBetween(today, recommendationDeadline) === 7)
  ) {
    steps.push('RemindMunicipalitiesWithoutRecommendation');
  }
  if (today > recommendationDeadline && !state.windowClosed) steps.push('CloseRecommendationWindow');
  if (today >= designationCutoff) steps.push('DesignateRecommendedInstitutions');
  if (today >= publicationDueDate && listChangedSincePublication(state)) steps.push('PublishDesignationList');
  // The follow-up survey goes to designated institutions: a round without any waits for its first.
  if (
    today >= publicationDueDate &&
    state.followUpSurveys.size === 0 &&
    currentDesignations(state).length > 0
  )
    steps.push('IssueFollowUpSurvey');
  return steps;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** True before the first publication, and whenever designations or revocations changed the list since. */
function listChangedSincePublication(state: RecommendationRoundState): boolean {
  const last = state.publications.at(-1);
  if (last === undefined) return true;
  const now = currentDesignations(state).map((d) => d.institutionId);
  return now.length !== last.institutionIds.length || now.some((id, i) => id !== last.institutionIds[i]);
}
