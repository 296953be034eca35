import {
  hubSurveyDecider,
  hubSurveyStreamId,
  recommendationRoundDecider,
  recommendationRoundStreamId,
  type HubSurveyCommand,
  type HubSurveyEvent,
  type RecommendationRoundCommand,
  type RecommendationRoundEvent,
} from '#domain';
import type { EventStore } from '#event-store';
import { handleCommand, type CommandMetadata, type CommandOutcome } from '#platform';

/** Event ids for a job run: the same run always names its events the same (README, "Scheduled jobs"). */
export type EventIdsOf = (event: { readonly type: string }, index: number) => string;

/** Runs a command on a fiscal year's recommendation round (stream `designationRound-<FY>`). */
export function executeRoundCommand(
  store: EventStore,
  fiscalYear: number,
  command: RecommendationRoundCommand,
  metadata: CommandMetadata,
  eventIds?: EventIdsOf,
): Promise<CommandOutcome<RecommendationRoundEvent>> {
  return handleCommand(store, {
    streamId: recommendationRoundStreamId(fiscalYear),
    decider: recommendationRoundDecider,
    command,
    metadata,
    ...(eventIds ? { eventIds } : {}),
  });
}

/** Runs a command on a fiscal year's coordination-hub survey (stream `hubSurvey-<FY>`). */
export function executeHubSurveyCommand(
  store: EventStore,
  fiscalYear: number,
  command: HubSurveyCommand,
  metadata: CommandMetadata,
  eventIds?: EventIdsOf,
): Promise<CommandOutcome<HubSurveyEvent>> {
  return handleCommand(store, {
    streamId: hubSurveyStreamId(fiscalYear),
    decider: hubSurveyDecider,
    command,
    metadata,
    ...(eventIds ? { eventIds } : {}),
  });
}
