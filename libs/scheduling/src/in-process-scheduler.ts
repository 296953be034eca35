import { backoffDelay, sleep, type RetryPolicy } from '#event-store';
import type { Clock } from '#platform';
import { jobRetryPolicy } from './job-retry-policy.ts';
import { JobRegistry } from './job-registry.ts';
import { runIdOf, type ScheduledJob } from './scheduled-job.ts';
import { nextOccurrence } from './tokyo-cron.ts';
import type { Scheduler, SchedulerStatus } from './scheduler.ts';

/** setTimeout holds at most 2^31−1 ms (24.8 days); longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 30;

export interface InProcessSchedulerOptions {
  readonly jobs: readonly ScheduledJob[];
  readonly clock: Clock;
  /** JOB_RETRY_POLICY with these changes. */
  readonly retry?: Partial<RetryPolicy>;
  readonly onFailure?: (jobName: string, runId: string, error: unknown) => void;
}

/**
 * The same jobs without Redis, for the embedded quick start: timers in this process, retries with
 * backoff, runs deduplicated by run id. One process only: with several workers, use Redis (BullMQ).
 */
export class InProcessScheduler implements Scheduler {
  readonly kind = 'in-process' as const;
  private readonly registry: JobRegistry;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly runs = new Map<string, Promise<void>>();
  private readonly failedRuns = new Set<string>();
  private closed = false;

  constructor(private readonly options: InProcessSchedulerOptions) {
    this.registry = new JobRegistry(options.jobs);
  }

  async start(): Promise<void> {
    for (const job of this.registry.jobs) this.arm(job.name);
  }

  async trigger(jobName: string, scheduledFor: Date): Promise<void> {
    this.registry.get(jobName);
    const runId = runIdOf(jobName, scheduledFor);
    let run = this.runs.get(runId);
    if (run === undefined) {
      run = this.runWithRetries(jobName, scheduledFor, runId);
      this.runs.set(runId, run);
    }
    await run;
  }

  async status(): Promise<SchedulerStatus> {
    return {
      kind: this.kind,
      jobs: this.registry.schedule(this.options.clock.now()),
      failed: this.failedRuns.size,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled(this.runs.values());
  }

  private arm(jobName: string, after: Date = this.options.clock.now()): void {
    if (this.closed) return;
    const cron = this.registry.get(jobName).cron;
    const at = nextOccurrence(cron, after);
    const wait = at.getTime() - this.options.clock.now().getTime();
    const timer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) return this.arm(jobName, after);
        void this.trigger(jobName, at).finally(() => this.arm(jobName, at));
      },
      Math.max(0, Math.min(wait, MAX_TIMER_MS)),
    );
    timer.unref();
    this.timers.set(jobName, timer);
  }

  private async runWithRetries(jobName: string, scheduledFor: Date, runId: string): Promise<void> {
    const policy = jobRetryPolicy(this.options.retry);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.registry.run(jobName, scheduledFor, attempt);
        return;
      } catch (error) {
        if (attempt >= policy.maxAttempts || this.closed) {
          this.failedRuns.add(runId);
          this.runs.delete(runId); // a failed run may be triggered again by an admin
          this.options.onFailure?.(jobName, runId, error);
          return;
        }
        await sleep(backoffDelay(policy, attempt));
      }
    }
  }
}
