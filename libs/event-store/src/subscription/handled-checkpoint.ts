import type pg from 'pg';
import type { RecordedEvent } from '../port/event-envelope.ts';
import type { SubscriptionCheckpoint } from './catch-up-subscription.ts';
import type { PostgresCheckpointStore } from './checkpoint-store.ts';

/**
 * A follower's checkpoint `name` in event_store.checkpoints, each batch handled by `handle` inside the
 * transaction that moves it (the projections keep theirs with the read models instead). While the
 * follower catches up, a full batch commits without waiting for the disk (BatchContext.catchingUp:
 * one WAL flush per catch-up, not one per batch); the batch that reaches the head, and every live
 * batch, waits for it.
 */
export function handledCheckpoint(
  checkpoints: PostgresCheckpointStore,
  name: string,
  handle: (events: readonly RecordedEvent[], tx: pg.PoolClient) => Promise<void>,
): SubscriptionCheckpoint {
  return {
    load: () => checkpoints.load(name),
    commit: async (from, events, batch) => {
      const to = events[events.length - 1]!.position;
      await checkpoints.commitBatch(name, from, to, (tx) => handle(events, tx), {
        synchronous: !batch?.catchingUp,
      });
      return to;
    },
  };
}
