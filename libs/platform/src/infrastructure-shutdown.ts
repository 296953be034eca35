import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import type { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import { describeError } from './health-check.ts';
import { EVENT_STORE, READ_DATABASE, REDIS } from './infrastructure-tokens.ts';
import { closeRedis } from './redis-client.ts';

/**
 * Closes the connections when the Nest app closes (app.close() or a shutdown signal), after every
 * other provider's onModuleDestroy: subscriptions stop first, then their pools go.
 */
@Injectable()
export class InfrastructureShutdown implements OnApplicationShutdown {
  private readonly logger = new Logger('Infrastructure');

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_DATABASE) private readonly readDatabase: pg.Pool,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    const results = await Promise.allSettled([
      this.eventStore.close(),
      this.readDatabase.end(),
      closeRedis(this.redis),
    ]);
    for (const result of results) {
      if (result.status === 'rejected') this.logger.warn(`while closing: ${describeError(result.reason)}`);
    }
  }
}
