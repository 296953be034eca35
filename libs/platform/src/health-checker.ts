import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import {
  checkDependency,
  DEFAULT_CHECK_TIMEOUT_MS,
  summarizeHealth,
  type HealthReport,
} from './health-check.ts';
import { EVENT_STORE, READ_DATABASE, REDIS } from './infrastructure-tokens.ts';
import { pingRedis } from './redis-client.ts';

/** Probes every dependency in parallel, each against its own deadline. Used by /health and the worker. */
@Injectable()
export class HealthChecker {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_DATABASE) private readonly readDatabase: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async check(timeoutMs: number = DEFAULT_CHECK_TIMEOUT_MS): Promise<HealthReport> {
    const [eventStore, readDatabase, redis] = await Promise.all([
      checkDependency(() => this.eventStore.ping(), timeoutMs),
      checkDependency(() => this.readDatabase.query('SELECT 1'), timeoutMs),
      checkDependency(() => pingRedis(this.redis), timeoutMs),
    ]);
    return summarizeHealth({ eventStore, readDatabase, redis });
  }
}
