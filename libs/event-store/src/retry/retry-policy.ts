/**
 * The one shape of every retry in Zaitaku (followers of the log, projections, jobs, Redis reconnects):
 * exponential backoff from `baseDelayMs`, capped at `maxDelayMs`, optionally jittered, for at most
 * `maxAttempts` tries. It lives in the lowest lib so that every other may import it.
 */
export interface RetryPolicy {
  /** Tries in all, the first included; `Infinity` never gives up. */
  readonly maxAttempts: number;
  /** The wait after the first failure; each further failure doubles it. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** 0 to 1: the part of each wait drawn at random (0: exact; 0.5: between half of it and all of it). */
  readonly jitter: number;
}

/** The wait after `failures` consecutive failures (counted from 1): base, 2×, 4×…, capped, then jittered. */
export function backoffDelay(
  policy: RetryPolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  const exact = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return policy.jitter > 0 ? Math.floor(exact * (1 - policy.jitter * random())) : exact;
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
