import type { ReadableLagReport } from './readable-lag-check.ts';

export type DependencyStatus = 'up' | 'down';

export interface DependencyCheck {
  readonly status: DependencyStatus;
  /** How long the probe took (or until it was given up on), in milliseconds. */
  readonly latencyMs: number;
  /** Why it is down. */
  readonly error?: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly checks: {
    readonly eventStore: DependencyCheck;
    readonly readDatabase: DependencyCheck;
    readonly redis: DependencyCheck;
  };
  /** The event store's readable head against its written head (PostgreSQL only). */
  readonly readableLag?: ReadableLagReport;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 1000;

/**
 * Runs one probe against a deadline. A dependency that does not answer is reported down after
 * `timeoutMs` instead of holding the caller (a load balancer's health check) until a TCP timeout.
 * The probe itself is left to finish or fail on its own; its result is then ignored.
 */
export async function checkDependency(
  probe: () => Promise<unknown>,
  timeoutMs: number = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<DependencyCheck> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(probe), deadline]);
    return { status: 'up', latencyMs: elapsed() };
  } catch (error) {
    return { status: 'down', latencyMs: elapsed(), error: describeError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** pg and ioredis sometimes throw AggregateErrors with an empty message (IPv4 + IPv6 refused). */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && !error.message && error.errors.length > 0) {
    return error.errors.map(describeError).join('; ');
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
