import type { ScheduledJob } from './scheduled-job.ts';

/**
 * The job schedules the worker keeps in Redis (one BullMQ job scheduler each). The api does not build
 * the jobs, yet its /health must say when one is missing (a Redis restart without persistence empties
 * them all): it compares this list with Redis. The worker refuses to start when its jobs and this list
 * disagree, so the two cannot drift apart.
 */
export const EXPECTED_JOB_SCHEDULES: readonly string[] = [
  'audit-log-checkpoint',
  'designation-round-open',
  'designation-cycle-daily',
  'fiscal-year-rollover',
  'due-date-reminders',
];

/** The names of `expected` that Redis does not hold (in the order of `expected`). */
export function missingJobSchedules(
  expected: readonly string[],
  present: readonly { readonly key: string }[],
): string[] {
  const keys = new Set(present.map((scheduler) => scheduler.key));
  return expected.filter((name) => !keys.has(name));
}

/** Throws, naming each difference, unless `jobs` are exactly EXPECTED_JOB_SCHEDULES. */
export function assertExpectedJobSchedules(
  jobs: readonly Pick<ScheduledJob, 'name'>[],
  expected: readonly string[] = EXPECTED_JOB_SCHEDULES,
): void {
  const names = new Set(jobs.map((job) => job.name));
  const unlisted = [...names].filter((name) => !expected.includes(name));
  const absent = expected.filter((name) => !names.has(name));
  if (unlisted.length === 0 && absent.length === 0) return;
  throw new Error(
    "the worker's jobs and EXPECTED_JOB_SCHEDULES (libs/scheduling) disagree: " +
      [
        ...(unlisted.length > 0 ? [`not listed: ${unlisted.join(', ')}`] : []),
        ...(absent.length > 0 ? [`listed but not built: ${absent.join(', ')}`] : []),
      ].join('; '),
  );
}
