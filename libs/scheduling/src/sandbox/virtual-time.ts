import type { ManualClock } from '#platform';
import { runIdOf, type ScheduledJob } from '../scheduled-job.ts';
import { occurrencesBetween } from '../tokyo-cron.ts';

/** One job occurrence on a virtual clock. */
export interface VirtualJobRun {
  readonly at: Date;
  readonly job: ScheduledJob;
  /** The job's index in the list: at the same instant, earlier jobs run first. */
  readonly order: number;
}

/** Every occurrence of every job in (from, to], in time order (then in list order). */
export function jobRunsBetween(jobs: readonly ScheduledJob[], from: Date, to: Date): VirtualJobRun[] {
  return jobs
    .flatMap((job, order) => occurrencesBetween(job.cron, from, to).map((at) => ({ at, job, order })))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
}

/** Runs one occurrence as a scheduler would (its run id from the job and the instant, first attempt). */
export function runOccurrence({ at, job }: VirtualJobRun): Promise<void> {
  return job.run({ scheduledFor: at, runId: runIdOf(job.name, at), attempt: 1 });
}

/**
 * Moves a virtual clock forward to `to`, running every job occurrence it passes with the clock set to
 * that instant (a job reads "now" as the time it was scheduled for). Never backwards: the log's
 * recorded times only grow. Returns the occurrences run.
 */
export async function advanceVirtualTime(
  clock: ManualClock,
  jobs: readonly ScheduledJob[],
  to: Date,
): Promise<VirtualJobRun[]> {
  const from = clock.now();
  if (to.getTime() < from.getTime()) {
    throw new RangeError(
      `the virtual clock only moves forward: ${to.toISOString()} is before ${from.toISOString()}`,
    );
  }
  const runs = jobRunsBetween(jobs, from, to);
  for (const run of runs) {
    clock.set(run.at);
    await runOccurrence(run);
  }
  clock.set(to);
  return runs;
}
