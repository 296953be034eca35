import {
  TRAINING_ALLOWED_COMMANDS,
  trainingOfferingDecider,
  trainingStreamId,
  type TrainingCommandType,
  type TrainingEvent,
  type TrainingOfferingState,
} from '#domain';
import { EVENT_STORE_LIMITS, type EventStore } from '#event-store';
import { loadDecisionState, toDomainEvent, type DecisionState } from '#platform';

export interface TrainingOffering {
  readonly offeringId: string;
  readonly allowedCommands: readonly TrainingCommandType[];
  readonly revision: number | 'no_stream';
  readonly position: string;
  readonly state: TrainingOfferingState;
}

/**
 * An offering folded from its stream (small: one course in one fiscal year); undefined when none. With
 * `untilRevision`, as it stood at that revision: the state a command left, whatever was written after.
 */
export async function loadTrainingOffering(
  store: EventStore,
  offeringId: string,
  untilRevision?: number,
): Promise<TrainingOffering | undefined> {
  const streamId = trainingStreamId(offeringId);
  const loaded =
    untilRevision === undefined
      ? await loadDecisionState(store, streamId, trainingOfferingDecider)
      : await foldUntil(store, streamId, untilRevision);
  if (loaded.revision === 'no_stream') return undefined;
  return {
    offeringId,
    allowedCommands: TRAINING_ALLOWED_COMMANDS[loaded.state.stage],
    revision: loaded.revision,
    position: loaded.position.toString(),
    state: loaded.state,
  };
}

async function foldUntil(
  store: EventStore,
  streamId: string,
  untilRevision: number,
): Promise<DecisionState<TrainingOfferingState>> {
  let loaded: DecisionState<TrainingOfferingState> = {
    state: trainingOfferingDecider.initialState,
    revision: 'no_stream',
    position: 0n,
  };
  for (let fromRevision = 0; fromRevision <= untilRevision;) {
    const maxCount = Math.min(EVENT_STORE_LIMITS.maxReadCount, untilRevision + 1 - fromRevision);
    const page = await store.readStream(streamId, { fromRevision, maxCount });
    for (const recorded of page) {
      const event = toDomainEvent<TrainingEvent>(recorded);
      loaded = {
        state: trainingOfferingDecider.evolve(loaded.state, event),
        revision: recorded.revision,
        position: recorded.position,
      };
    }
    if (page.length < maxCount) break;
    fromRevision += page.length;
  }
  return loaded;
}
