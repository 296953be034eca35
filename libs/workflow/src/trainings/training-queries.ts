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

/** An offering folded from its stream (small: one course in one fiscal year); undefined when none. */
export async function loadTrainingOffering(
  store: EventStore,
  offeringId: string,
): Promise<TrainingOffering | undefined> {
  const loaded = await loadDecisionState(store, trainingStreamId(offeringId), trainingOfferingDecider);
  if (loaded.revision === 'no_stream') return undefined;
  return {
    offeringId,
    allowedCommands: TRAINING_ALLOWED_COMMANDS[loaded.state.stage],
    revision: loaded.revision,
    position: loaded.position.toString(),
    state: loaded.state,
  };
}
