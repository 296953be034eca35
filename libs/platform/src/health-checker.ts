import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type pg from 'pg';
import type { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import type { Config } from './config.ts';
import {
  checkDependency,
  DEFAULT_CHECK_TIMEOUT_MS,
  type DependencyCheck,
  type HealthReport,
} from './health-check.ts';
import { APP_CONFIG, EVENT_STORE, READ_DATABASE, REDIS } from './infrastructure-tokens.ts';
import {
  checkReadableLag,
  DEFAULT_READABLE_LAG_THRESHOLD_SECONDS,
  type ReadableLagReport,
} from './readable-lag-check.ts';
import { pingRedis } from './redis-client.ts';

/**
 * The dependencies as terminus health indicators, run by terminus's HealthCheckService in parallel,
 * each against its own deadline: one per dependency (down when its probe fails or does not answer in
 * time) and the readable lag (down past its threshold). Used by /health and the worker.
 */
@Injectable()
export class HealthChecker {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_DATABASE) private readonly readDatabase: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: Config,
    private readonly healthChecks: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Seconds of readable-head lag after which the store counts as degraded. */
  get readableLagThresholdSeconds(): number {
    return this.config.eventStoreLagThresholdSeconds ?? DEFAULT_READABLE_LAG_THRESHOLD_SECONDS;
  }

  async check(timeoutMs: number = DEFAULT_CHECK_TIMEOUT_MS): Promise<HealthReport> {
    return healthReport(await this.run([], timeoutMs));
  }

  /**
   * Terminus's result for the dependencies, the readable lag and `more` (the api adds its jobs):
   * returned also when an indicator is down (terminus throws it in a 503 exception), so that the
   * caller chooses what to answer (servesTraffic).
   */
  async run(
    more: readonly HealthIndicatorFunction[] = [],
    timeoutMs: number = DEFAULT_CHECK_TIMEOUT_MS,
  ): Promise<HealthCheckResult> {
    try {
      return await this.healthChecks.check([
        () => this.dependency('eventStore', () => this.eventStore.ping(), timeoutMs),
        () => this.dependency('readDatabase', () => this.readDatabase.query('SELECT 1'), timeoutMs),
        () => this.dependency('redis', () => pingRedis(this.redis), timeoutMs),
        () => this.readableLag(timeoutMs),
        ...more,
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }

  private async dependency(
    key: keyof HealthReport['checks'],
    probe: () => Promise<unknown>,
    timeoutMs: number,
  ): Promise<HealthIndicatorResult> {
    const { status, ...measured } = await checkDependency(probe, timeoutMs);
    const indicator = this.indicators.check(key);
    return status === 'up' ? indicator.up(measured) : indicator.down(measured);
  }

  /** No indicator for a store whose reads never lag (KurrentDB); "unknown" does not count as down. */
  private async readableLag(timeoutMs: number): Promise<HealthIndicatorResult> {
    const lag = await checkReadableLag(this.eventStore, this.readableLagThresholdSeconds, timeoutMs);
    if (lag === undefined) return {};
    const indicator = this.indicators.check('readableLag');
    return lag.status === 'lagging' ? indicator.down({ lag }) : indicator.up({ lag });
  }
}

/** 200 while every indicator is up or degraded; 503 when one is down or the app is shutting down. */
export function servesTraffic(result: HealthCheckResult): boolean {
  return result.status === 'ok' || result.status === 'degraded';
}

/** Terminus's result as the report /health has always answered ("ok" only when all is up). */
export function healthReport({ status, details }: HealthCheckResult): HealthReport {
  const dependency = (key: keyof HealthReport['checks']): DependencyCheck => {
    const {
      status: state,
      latencyMs,
      error,
    } = details[key] as {
      status: string;
      latencyMs: number;
      error?: string;
    };
    return { status: state === 'up' ? 'up' : 'down', latencyMs, ...(error === undefined ? {} : { error }) };
  };
  const lag = details['readableLag']?.['lag'] as ReadableLagReport | undefined;
  return {
    status: status === 'ok' ? 'ok' : 'degraded',
    checks: {
      eventStore: dependency('eventStore'),
      readDatabase: dependency('readDatabase'),
      redis: dependency('redis'),
    },
    ...(lag === undefined ? {} : { readableLag: lag }),
  };
}
