import type { EventStore, ReadableLagHolder } from '#event-store';
import { DEFAULT_CHECK_TIMEOUT_MS, describeError } from './health-check.ts';

/** Past this many seconds of lag, /health says degraded and names the holder (EVENT_STORE_LAG_THRESHOLD_SECONDS). */
export const DEFAULT_READABLE_LAG_THRESHOLD_SECONDS = 30;

/**
 * How far the event store's readable head (what subscriptions and read models can see) lags its
 * written head. `lagging` past the threshold, with the session that holds it back; `unknown` when the
 * measurement failed (the eventStore check says why the store is down).
 */
export interface ReadableLagReport {
  readonly status: 'ok' | 'lagging' | 'unknown';
  readonly events: number;
  readonly seconds: number;
  readonly writtenHead: string;
  readonly readableHead: string;
  readonly thresholdSeconds: number;
  readonly holder?: ReadableLagHolder;
  readonly error?: string;
}

/** Undefined for a store whose reads never lag (KurrentDB). */
export async function checkReadableLag(
  store: EventStore,
  thresholdSeconds: number,
  timeoutMs: number = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<ReadableLagReport | undefined> {
  if (!store.readableLag) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const lag = await Promise.race([store.readableLag(), deadline]);
    const lagging = lag.seconds >= thresholdSeconds;
    return {
      status: lagging ? 'lagging' : 'ok',
      events: lag.events,
      seconds: Math.round(lag.seconds * 10) / 10,
      writtenHead: lag.writtenHead.toString(),
      readableHead: lag.readableHead.toString(),
      thresholdSeconds,
      ...(lagging && lag.holder ? { holder: lag.holder } : {}),
    };
  } catch (error) {
    return {
      status: 'unknown',
      events: 0,
      seconds: 0,
      writtenHead: '0',
      readableHead: '0',
      thresholdSeconds,
      error: describeError(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The log line for a lag past the threshold: what waits, for how long, and who holds it. */
export function describeReadableLag(report: ReadableLagReport): string {
  const holder = report.holder
    ? `held by pid ${report.holder.pid} (database ${report.holder.database ?? '?'}, application "${report.holder.applicationName ?? '?'}", user ${report.holder.user ?? '?'}, ${report.holder.state ?? '?'}, transaction open ${report.holder.transactionAgeSeconds ?? '?'} s, backend_xid ${report.holder.backendXid ?? '?'})`
    : 'holder not found (it may just have finished)';
  return `Event store readable head lags the written head by ${report.events} events / ${report.seconds} s (threshold ${report.thresholdSeconds} s), ${holder}`;
}
