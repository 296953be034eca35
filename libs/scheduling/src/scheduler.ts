/** What apps see of the scheduler, whichever runs: BullMQ when Redis is reachable, in-process otherwise. */
export interface Scheduler {
  readonly kind: 'bullmq' | 'in-process';
  /** Registers every job's schedule (idempotent: calling it on every start changes nothing). */
  start(): Promise<void>;
  /** Runs one occurrence now, as if the calendar had reached it; deduplicated by run id. */
  trigger(jobName: string, scheduledFor: Date): Promise<void>;
  status(): Promise<SchedulerStatus>;
  close(): Promise<void>;
}

export interface SchedulerStatus {
  readonly kind: 'bullmq' | 'in-process';
  readonly jobs: readonly { readonly name: string; readonly cron: string; readonly next: string | null }[];
  /** Runs that exhausted their retries: an admin must look (bull-board, /health). */
  readonly failed: number;
}

/** Nest injection token of the running Scheduler. */
export const SCHEDULER = 'zaitaku.scheduler';
