/** Retries with exponential backoff; after the last attempt a run is "failed" and shown to admins. */
export interface JobRetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;
}

export const DEFAULT_RETRY_POLICY: JobRetryPolicy = { attempts: 5, backoffMs: 1_000 };

/** Delay before attempt n+1 after attempt n failed: backoff, 2×backoff, 4×backoff, … */
export function retryDelay(policy: JobRetryPolicy, failedAttempt: number): number {
  return policy.backoffMs * 2 ** (failedAttempt - 1);
}
