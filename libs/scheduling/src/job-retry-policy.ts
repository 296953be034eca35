import type { RetryPolicy } from '#event-store';
import type { JobsOptions } from 'bullmq';

/** A run is tried 5 times, 1 s, 2 s, 4 s, 8 s apart; after the last attempt it is "failed" and shown to admins. */
export const JOB_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  jitter: 0,
};

/** A scheduler's policy: the default with what its options change. */
export function jobRetryPolicy(retry?: Partial<RetryPolicy>): RetryPolicy {
  return { ...JOB_RETRY_POLICY, ...retry };
}

/**
 * The same policy in BullMQ's terms: its exponential backoff is `delay × 2^(attempt−1)`, jittered as
 * backoffDelay jitters, but never capped, so a policy whose cap its attempts would reach is refused.
 */
export function bullMqRetryOptions(policy: RetryPolicy): Pick<JobsOptions, 'attempts' | 'backoff'> {
  const longest = policy.baseDelayMs * 2 ** Math.max(0, policy.maxAttempts - 2);
  if (longest > policy.maxDelayMs || !Number.isSafeInteger(policy.maxAttempts)) {
    throw new Error(
      `Job retry policy: BullMQ cannot cap its backoff; ${policy.maxAttempts} attempts from ${policy.baseDelayMs} ms would wait longer than maxDelayMs ${policy.maxDelayMs}`,
    );
  }
  return {
    attempts: policy.maxAttempts,
    backoff: { type: 'exponential', delay: policy.baseDelayMs, jitter: policy.jitter },
  };
}
