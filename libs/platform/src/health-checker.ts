import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import type { Config } from './config.ts';
import {
  checkDependency,
  DEFAULT_CHECK_TIMEOUT_MS,
  summarizeHealth,
  withReadableLag,
  type HealthReport,
} from './health-check.ts';
import { APP_CONFIG, EVENT_STORE, READ_DATABASE, REDIS } from './infrastructure-tokens.ts';
import { checkReadableLag, DEFAULT_READABLE_LAG_THRESHOLD_SECONDS } from './readable-lag-check.ts';
import { pingRedis } from './redis-client.ts';

/** Probes every dependency in parallel, each against its own deadline. Used by /health and the worker. */
@Injectable()
export class HealthChecker {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_DATABASE) private readonly readDatabase: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: Config,
  ) {}

  /** Seconds of readable-head lag after which the store counts as degraded. */
  get readableLagThresholdSeconds(): number {
    return this.config.eventStoreLagThresholdSeconds ?? DEFAULT_READABLE_LAG_THRESHOLD_SECONDS;
  }

  async check(timeoutMs: number = DEFAULT_CHECK_TIMEOUT_MS): Promise<HealthReport> {
    const [eventStore, readDatabase, redis, readableLag] = await Promise.all([
      checkDependency(() => this.eventStore.ping(), timeoutMs),
      checkDependency(() => this.readDatabase.query('SELECT 1'), timeoutMs),
      checkDependency(() => pingRedis(this.redis), timeoutMs),
      checkReadableLag(this.eventStore, this.readableLagThresholdSeconds, timeoutMs),
    ]);
    return withReadableLag(summarizeHealth({ eventStore, readDatabase, redis }), readableLag);
  }
}
