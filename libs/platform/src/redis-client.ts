import { backoffDelay, type RetryPolicy } from '#event-store';
import { Redis } from 'ioredis';
import { describeError } from './health-check.ts';
import { redactUrl } from './redact-url.ts';

export interface ConnectionLogger {
  log(message: string): void;
  warn(message: string): void;
}

/** Why each client is not connected, for the health check (the 'error' event is the only place it is told). */
const lastErrors = new WeakMap<Redis, string>();

/** How long start-up waits for a first connection before going on without Redis. */
const FIRST_CONNECT_WAIT_MS = 2000;

/** Reconnection to Redis (ioredis's retryStrategy): 200 ms, 400 ms … then every 5 s, forever. */
export const REDIS_RECONNECT_POLICY: RetryPolicy = {
  maxAttempts: Infinity,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  jitter: 0,
};

/**
 * An ioredis client that never takes the process down with it: it reconnects in the background
 * forever, logs once when Redis goes away and once when it is back, and fails commands at once while
 * disconnected (no offline queue) so that callers and the health check are not left waiting.
 * BullMQ will open its own connections (it needs `maxRetriesPerRequest: null`); this one is for the
 * app's own use and for /health.
 */
export async function openRedis(url: string, logger: ConnectionLogger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => backoffDelay(REDIS_RECONNECT_POLICY, attempt),
    // disconnect() waits this long for a 'close' that a socket which never connected has already sent:
    // ioredis's 2 s default kept the process (and Jest) alive after a shutdown during an outage.
    disconnectTimeout: 100,
  });
  let down = false;
  redis.on('error', (error: unknown) => {
    lastErrors.set(redis, describeError(error));
    if (down) return;
    down = true;
    logger.warn(
      `Redis at ${redactUrl(url)} is unreachable (${describeError(error)}); retrying in the background`,
    );
  });
  redis.on('ready', () => {
    lastErrors.delete(redis);
    if (down) logger.log(`Redis at ${redactUrl(url)} is reachable again`);
    down = false;
  });
  // With lazyConnect, connect() reports the first attempt; a failure still leaves ioredis retrying.
  const first = redis.connect().catch(() => undefined);
  await Promise.race([first, new Promise((resolve) => setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref())]);
  return redis;
}

/** PING, or a clear reason when the client is not connected (instead of ioredis's "Stream isn't writeable"). */
export async function pingRedis(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') {
    const reason = lastErrors.get(redis);
    throw new Error(`not connected (${redis.status})${reason ? `: ${reason}` : ''}`);
  }
  await redis.ping();
}

/** QUIT when connected so pending replies arrive; otherwise just stop reconnecting. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
