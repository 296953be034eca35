import { describe, expect, it } from '@jest/globals';
import { backoffDelay, sleep, type RetryPolicy } from './retry-policy.ts';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 1_000, jitter: 0 };

describe('retry policy', () => {
  it('backs off exponentially from the base delay, capped', () => {
    expect([1, 2, 3, 4, 5, 30].map((failures) => backoffDelay(policy, failures))).toEqual([
      200, 400, 800, 1_000, 1_000, 1_000,
    ]);
  });

  it('with jitter, draws each wait between (1 − jitter) of it and all of it', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(backoffDelay(jittered, 2, () => 0)).toBe(400);
    expect(backoffDelay(jittered, 2, () => 1)).toBe(200);
    expect(backoffDelay(jittered, 2, () => 0.5)).toBe(300);
  });

  it('sleeps, and wakes at once when its signal aborts', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const slept = sleep(10_000, abort.signal);
    abort.abort();
    await slept;
    expect(Date.now() - started).toBeLessThan(1_000);
    await sleep(5); // without a signal
  });
});
