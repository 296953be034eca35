import type {
  DesignationCalendarData,
  PublishedDesignation,
  RecommendationRoundEvent,
  RecommendedInstitution,
  RecommendationWarning,
} from './recommendation-round-events.ts';

export interface Recommendation {
  readonly recommendationId: string;
  readonly municipalityCode: string;
  readonly institution: RecommendedInstitution;
  /** The Tokyo day it arrived. */
  readonly recommendedOn: string;
  readonly late: boolean;
  readonly warnings: readonly RecommendationWarning[];
  readonly warningsAcknowledged: boolean;
  readonly status: 'pending' | 'withdrawn' | 'designated' | 'revoked';
  readonly designatedOn?: string;
}

export interface RecommendationRoundState {
  readonly opened: boolean;
  readonly fiscalYear?: number;
  readonly calendar?: DesignationCalendarData;
  readonly municipalityCodes: readonly string[];
  readonly remindedOn: readonly string[];
  readonly windowClosed: boolean;
  readonly recommendations: ReadonlyMap<string, Recommendation>;
  readonly publications: readonly {
    readonly version: number;
    readonly publishedOn: string;
    readonly institutionIds: readonly string[];
    readonly coordinationHubs: readonly string[];
  }[];
  readonly followUpSurveys: ReadonlyMap<
    string,
    { readonly institutionIds: readonly string[]; readonly answered: ReadonlySet<string> }
  >;
}

export const initialRecommendationRoundState: RecommendationRoundState = {
  opened: false,
  municipalityCodes: [],
  remindedOn: [],
  windowClosed: false,
  recommendations: new Map(),
  publications: [],
  followUpSurveys: new Map(),
};

export function evolveRecommendationRound(
  state: RecommendationRoundState,
  event: RecommendationRoundEvent,
): RecommendationRoundState {
  switch (event.type) {
    case 'RecommendationRoundOpened':
      return {
        ...state,
        opened: true,
        fiscalYear: event.data.fiscalYear,
        calendar: event.data.calendar,
        municipalityCodes: event.data.municipalityCodes,
      };
    case 'InstitutionRecommended': {
      const { recommendationId, municipalityCode, institution, recommendedOn, late, warnings } = event.data;
      return withRecommendation(state, recommendationId, {
        recommendationId,
        municipalityCode,
        institution,
        recommendedOn,
        late,
        warnings,
        warningsAcknowledged: warnings.length === 0,
        status: 'pending',
      });
    }
    case 'MunicipalitiesReminded':
      return { ...state, remindedOn: [...state.remindedOn, event.data.remindedOn] };
    case 'RecommendationWindowClosed':
      return { ...state, windowClosed: true };
    case 'RecommendationWarningAcknowledged':
      return updateRecommendation(state, event.data.recommendationId, { warningsAcknowledged: true });
    case 'RecommendationWithdrawn':
      return updateRecommendation(state, event.data.recommendationId, { status: 'withdrawn' });
    case 'InstitutionDesignated':
      return updateRecommendation(state, event.data.recommendationId, {
        status: 'designated',
        designatedOn: event.data.designatedOn,
      });
    case 'DesignationRevoked': {
      const designated = designatedRecommendationOf(state, event.data.institutionId);
      return designated
        ? updateRecommendation(state, designated.recommendationId, { status: 'revoked' })
        : state;
    }
    case 'DesignationListPublished':
      return {
        ...state,
        publications: [
          ...state.publications,
          {
            version: event.data.version,
            publishedOn: event.data.publishedOn,
            institutionIds: event.data.institutions.map((i) => i.institutionId),
            coordinationHubs: event.data.coordinationHubs,
          },
        ],
      };
    case 'FollowUpSurveyIssued': {
      const surveys = new Map(state.followUpSurveys);
      surveys.set(event.data.surveyId, { institutionIds: event.data.institutionIds, answered: new Set() });
      return { ...state, followUpSurveys: surveys };
    }
    case 'FollowUpSurveyAnswered': {
      const survey = state.followUpSurveys.get(event.data.surveyId);
      if (!survey) return state;
      const surveys = new Map(state.followUpSurveys);
      surveys.set(event.data.surveyId, {
        ...survey,
        answered: new Set([...survey.answered, event.data.institutionId]),
      });
      return { ...state, followUpSurveys: surveys };
    }
  }
}

export function designatedRecommendationOf(
  state: RecommendationRoundState,
  institutionId: string,
): Recommendation | undefined {
  return [...state.recommendations.values()].find(
    (r) => r.status === 'designated' && r.institution.institutionId === institutionId,
  );
}

/** The designated institutions now, in the order they were recommended. */
export function currentDesignations(state: RecommendationRoundState): PublishedDesignation[] {
  return [...state.recommendations.values()]
    .filter((r) => r.status === 'designated')
    .map((r) => ({
      institutionId: r.institution.institutionId,
      name: r.institution.name,
      municipalityCode: r.municipalityCode,
      designatedOn: r.designatedOn!,
    }));
}

function withRecommendation(
  state: RecommendationRoundState,
  id: string,
  recommendation: Recommendation,
): RecommendationRoundState {
  const recommendations = new Map(state.recommendations);
  recommendations.set(id, recommendation);
  return { ...state, recommendations };
}

function updateRecommendation(
  state: RecommendationRoundState,
  id: string,
  change: Partial<Recommendation>,
): RecommendationRoundState {
  const current = state.recommendations.get(id);
  return current ? withRecommendation(state, id, { ...current, ...change }) : state;
}

/** Notified municipalities that have no pending or designated recommendation in this round. */
export function municipalitiesWithoutRecommendation(state: RecommendationRoundState): string[] {
  const recommending = new Set(
    [...state.recommendations.values()]
      .filter((r) => r.status === 'pending' || r.status === 'designated')
      .map((r) => r.municipalityCode),
  );
  return state.municipalityCodes.filter((code) => !recommending.has(code));
}
