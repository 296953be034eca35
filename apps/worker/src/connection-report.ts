import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, HealthChecker, redactUrl, eventStoreUrl, type RuntimeConfig } from '#platform';

/**
 * Says at start-up what the worker is connected to and whether each dependency answers. A dependency
 * that is down is logged, not fatal: the worker keeps running and the Redis client keeps reconnecting.
 */
@Injectable()
export class ConnectionReport implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(
    @Inject(APP_CONFIG) private readonly config: RuntimeConfig,
    private readonly health: HealthChecker,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { checks } = await this.health.check();
    const targets = {
      eventStore: `${this.config.eventStore.kind} ${redactUrl(eventStoreUrl(this.config))}`,
      readDatabase: redactUrl(this.config.databaseUrl),
      redis: redactUrl(this.config.redisUrl),
    };
    for (const name of ['eventStore', 'readDatabase', 'redis'] as const) {
      const check = checks[name];
      const line = `${name}: ${targets[name]} — ${check.status} (${check.latencyMs} ms)`;
      if (check.status === 'up') this.logger.log(line);
      else this.logger.warn(`${line}: ${check.error ?? 'unknown error'}`);
    }
  }
}
