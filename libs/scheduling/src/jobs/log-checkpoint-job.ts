import {
  recordLogCheckpoint,
  type CheckpointWitness,
  type EventStore,
  type PostgresLogCheckpointStore,
  type SigningKey,
} from '#event-store';
import type { ScheduledJob } from '../scheduled-job.ts';

export interface LogCheckpointJobDependencies {
  readonly store: EventStore;
  readonly checkpoints: PostgresLogCheckpointStore;
  readonly key: SigningKey;
  /** Every checkpoint is also written here (README, "Audit: witness"). */
  readonly witness?: CheckpointWitness;
  /** Default: every 10 minutes. */
  readonly cron?: string;
}

/**
 * Signs the log's head at an interval (README, "Audit: tamper evidence"): the backstop of the worker's
 * LogCheckpointTrigger, which signs within AUDIT_CHECKPOINT_EVERY_SECONDS / _EVERY_EVENTS. Two workers running it at
 * once record one checkpoint: the second insert of the same sequence is refused and the run retried,
 * after which nothing new is left to sign.
 */
export function logCheckpointJob(dependencies: LogCheckpointJobDependencies): ScheduledJob {
  return {
    name: 'audit-log-checkpoint',
    cron: dependencies.cron ?? '*/10 * * * *',
    description: '監査用チェックポイントの署名 (sign the event log head for tamper evidence)',
    run: async ({ scheduledFor }) => {
      await recordLogCheckpoint(
        dependencies.store,
        dependencies.checkpoints,
        dependencies.key,
        scheduledFor,
        {
          witness: dependencies.witness,
        },
      );
    },
  };
}
