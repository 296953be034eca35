import {
  APPLICATION_STREAM_CATEGORY,
  MULTI_YEAR_GRANT_STREAM_CATEGORY,
  applicationStreamId,
  currentDesignations,
  designationStatus,
  evolveRecommendationRound,
  hubSurveyDecider,
  hubSurveyStreamId,
  type HubSurveyEvent,
  type HubSurveyState,
  initialRecommendationRoundState,
  recipientProgramTimelineProjection,
  recommendationRoundStreamId,
  TRAINING_STREAM_CATEGORY,
  type ApplicationRules,
  type DesignationStatus,
  type PublishedDesignation,
  type RecipientProgramTimeline,
  type Recommendation,
  type RecommendationRoundEvent,
  type RecommendationRoundState,
  type TimelineEvent,
} from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { toDomainEvent, type Upcasters } from '#platform';
import { loadApplicationCase, type ApplicationCase } from '../applications/application-case.ts';
import { readWholeCategory } from '../read-category.ts';
import { foldAsOf, readWholeStream, type AsOf, type AsOfOutcome } from './as-of.ts';

/**
 * As-of queries: a state as it stood at an instant or a log position, computed by replaying the events
 * up to that point through the domain's own evolve functions (never from a read model), with the rules
 * (catalogue, schedule) the caller gives: the catalogue is versioned by fiscal year, so each year is
 * judged by the rules of that year.
 */

/** The application case (stream `application-<id>`) folded up to `asOf`, as GET /applications/:id shows it. */
export async function applicationCaseAsOf(
  store: EventStore,
  applicationId: string,
  asOf: AsOf,
): Promise<AsOfOutcome<ApplicationCase>> {
  const events = await readWholeStream(store, applicationStreamId(applicationId));
  const cut = foldAsOf<RecordedEvent | undefined>(events, undefined, (_, event) => event, asOf);
  if (cut.kind !== 'found') return cut;
  const view = await loadApplicationCase(store, applicationId, cut.state!.revision);
  return view === undefined ? { kind: 'missing' } : { ...cut, state: view };
}

/**
 * A recipient's multi-year timeline in one programme up to `asOf`: the application, training and grant-record events
 * of the whole log in log order, through recipientProgramTimelineProjection (its `project`, the fold of
 * its evolve, in one pass: the events that concern the timeline up to the cut).
 */
export async function recipientTimelineAsOf(
  store: EventStore,
  rules: ApplicationRules,
  recipientId: string,
  programId: string,
  asOf: AsOf,
  upcasters: Upcasters = {},
): Promise<AsOfOutcome<RecipientProgramTimeline>> {
  const projection = recipientProgramTimelineProjection(rules.catalogue, rules.schedule);
  projection.initial(recipientId, programId); // an unknown programme is refused before any read
  const events: RecordedEvent[] = [];
  for (const category of [
    APPLICATION_STREAM_CATEGORY,
    TRAINING_STREAM_CATEGORY,
    MULTI_YEAR_GRANT_STREAM_CATEGORY,
  ]) {
    for await (const event of readWholeCategory(store, category)) events.push(event);
  }
  events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const concerning = new Map<RecordedEvent, TimelineEvent>();
  for (const event of events) {
    const domainEvent = toDomainEvent<TimelineEvent>(event, upcasters);
    if (projection.concerns(recipientId, programId, domainEvent)) concerning.set(event, domainEvent);
  }
  // The cut as evolve's fold finds it (an event counts when it changes the timeline), keeping the
  // events taken as a list that grows at its head (each step O(1)), then one projection of them.
  const cut = foldAsOf<Taken | undefined>(
    events,
    undefined,
    (taken, event) => {
      const domainEvent = concerning.get(event);
      return domainEvent === undefined ? taken : { event: domainEvent, before: taken };
    },
    asOf,
  );
  if (cut.kind !== 'found') return cut;
  const taken: TimelineEvent[] = [];
  for (let at = cut.state; at !== undefined; at = at.before) taken.push(at.event);
  const state = projection.project(recipientId, programId, taken.reverse());
  return { ...cut, state };
}

/** The events an as-of fold took, the last first. */
interface Taken {
  readonly event: TimelineEvent;
  readonly before: Taken | undefined;
}

/** A designation round as it stood: the designated institutions (revoked ones gone) and the status line. */
export interface DesignationRoundAsOf {
  readonly fiscalYear: number;
  readonly designatedInstitutions: readonly PublishedDesignation[];
  readonly revokedInstitutions: readonly Pick<Recommendation['institution'], 'institutionId' | 'name'>[];
  readonly status: DesignationStatus;
  readonly publications: readonly { readonly version: number; readonly publishedOn: string }[];
}

/** The round of fiscal year `fy` (stream `designationRound-<FY>`) folded up to `asOf`. */
export async function designationRoundAsOf(
  store: EventStore,
  fy: number,
  asOf: AsOf,
  upcasters: Upcasters = {},
): Promise<AsOfOutcome<DesignationRoundAsOf>> {
  const events = await readWholeStream(store, recommendationRoundStreamId(fy));
  // Wrapped: every event of the round's own stream counts, even one that leaves the state as it was.
  const folded = foldAsOf<{ readonly round: RecommendationRoundState }>(
    events,
    { round: initialRecommendationRoundState },
    ({ round }, event) => ({
      round: evolveRecommendationRound(round, toDomainEvent<RecommendationRoundEvent>(event, upcasters)),
    }),
    asOf,
  );
  if (folded.kind !== 'found') return folded;
  const { round } = folded.state;
  const designated = currentDesignations(round);
  return {
    ...folded,
    state: {
      fiscalYear: fy,
      designatedInstitutions: designated,
      revokedInstitutions: [...round.recommendations.values()]
        .filter((r) => r.status === 'revoked')
        .map(({ institution: { institutionId, name } }) => ({ institutionId, name })),
      status: designationStatus(round.municipalityCodes, designated),
      publications: round.publications.map(({ version, publishedOn }) => ({ version, publishedOn })),
    },
  };
}

/** The coordination-hub survey of fiscal year `fy` (stream `hubSurvey-<FY>`) folded up to `asOf`. */
export async function hubSurveyAsOf(
  store: EventStore,
  fy: number,
  asOf: AsOf,
  upcasters: Upcasters = {},
): Promise<AsOfOutcome<HubSurveyState>> {
  const events = await readWholeStream(store, hubSurveyStreamId(fy));
  // Wrapped, as the round: every event of the survey's own stream counts.
  const folded = foldAsOf<{ readonly survey: HubSurveyState }>(
    events,
    { survey: hubSurveyDecider.initialState },
    ({ survey }, event) => ({
      survey: hubSurveyDecider.evolve(survey, toDomainEvent<HubSurveyEvent>(event, upcasters)),
    }),
    asOf,
  );
  return folded.kind === 'found' ? { ...folded, state: folded.state.survey } : folded;
}
