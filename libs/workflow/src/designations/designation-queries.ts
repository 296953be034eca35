import {
  hubSurveyDecider,
  hubSurveyStreamId,
  recommendationRoundDecider,
  recommendationRoundStreamId,
  type HubSurveyState,
  type RecommendationRoundState,
} from '#domain';
import type { EventStore } from '#event-store';
import { loadDecisionState } from '#platform';

/** A round is one small stream: its status and lists are computed by folding it, no read model needed. */
export async function loadRound(store: EventStore, fiscalYear: number): Promise<RecommendationRoundState> {
  return (await loadDecisionState(store, recommendationRoundStreamId(fiscalYear), recommendationRoundDecider))
    .state;
}

export async function loadHubSurvey(store: EventStore, fiscalYear: number): Promise<HubSurveyState> {
  return (await loadDecisionState(store, hubSurveyStreamId(fiscalYear), hubSurveyDecider)).state;
}
