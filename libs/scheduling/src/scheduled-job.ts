/**
 * A job that runs on a calendar (cron in Asia/Tokyo). Jobs only issue commands, and every command id
 * they use derives from `runId`, so a run delivered twice, or picked up by two workers at once, has its
 * effect once: the second append is an idempotent no-op in the event store.
 */
export interface ScheduledJob {
  /** Stable: the scheduler id in BullMQ and the prefix of every run id. */
  readonly name: string;
  /** Five-field cron, evaluated in Asia/Tokyo (e.g. `0 0 1 4 *`: 1 April 00:00 JST). */
  readonly cron: string;
  readonly description: string;
  run(context: JobRunContext): Promise<void>;
}

export interface JobRunContext {
  /** The calendar instant this run stands for (not when it happened to start). */
  readonly scheduledFor: Date;
  /** `<name>@<scheduledFor ISO>`: the same for every delivery of this run. */
  readonly runId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

export const SCHEDULE_TIME_ZONE = 'Asia/Tokyo';

export function runIdOf(jobName: string, scheduledFor: Date): string {
  return `${jobName}@${scheduledFor.toISOString()}`;
}
