import {
  TRAINING_ALLOWED_COMMANDS,
  trainingOfferingDecider,
  trainingStreamId,
  type TrainingCommandType,
  type TrainingOfferingState,
} from '#domain';
import type { EventStore } from '#event-store';
import { loadDecisionState } from '#platform';

export interface TrainingOffering {
  readonly offeringId: string;
  readonly allowedCommands: readonly TrainingCommandType[];
  readonly revision: number | 'no_stream';
  readonly position: string;
  readonly state: TrainingOfferingState;
}

/** The view of an offering's state at a revision and position. */
export function trainingOfferingOf(
  offeringId: string,
  state: TrainingOfferingState,
  revision: number | 'no_stream',
  position: bigint | string,
): TrainingOffering {
  return {
    offeringId,
    allowedCommands: TRAINING_ALLOWED_COMMANDS[state.stage],
    revision,
    position: position.toString(),
    state,
  };
}

/**
 * An offering folded from its stream (small: one course in one fiscal year); undefined when none. With
 * `untilRevision`, as it stood at that revision.
 */
export async function loadTrainingOffering(
  store: EventStore,
  offeringId: string,
  untilRevision?: number,
): Promise<TrainingOffering | undefined> {
  const loaded = await loadDecisionState(
    store,
    trainingStreamId(offeringId),
    trainingOfferingDecider,
    {},
    untilRevision,
  );
  if (loaded.revision === 'no_stream') return undefined;
  return trainingOfferingOf(offeringId, loaded.state, loaded.revision, loaded.position);
}
