import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { openEventStore, type EventStore } from '#event-store';
import { systemClock, type Clock } from '#event-store';
import { eventStoreUrl, type RuntimeConfig } from './config.ts';
import { HealthChecker } from './health-checker.ts';
import { InfrastructureShutdown } from './infrastructure-shutdown.ts';
import { APP_CONFIG, CLOCK, EVENT_STORE, READ_DATABASE, REDIS } from './infrastructure-tokens.ts';
import { openMigratedReadDatabase } from './read-database.ts';
import { openRedis } from './redis-client.ts';

/**
 * The connections both apps share, built from a given configuration (never from process.env), so a
 * test builds the real app against its own URLs. Global: feature modules inject the tokens directly.
 */
@Module({})
export class InfrastructureModule {
  /** `clock`: the virtual clock of a simulation; the system clock otherwise. */
  static forRoot(config: RuntimeConfig, options: { readonly clock?: Clock } = {}): DynamicModule {
    return {
      module: InfrastructureModule,
      global: true,
      // Terminus runs the health indicators (HealthChecker); a failed check is reported, not logged.
      imports: [TerminusModule.forRoot({ logger: false })],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        {
          provide: EVENT_STORE,
          inject: [CLOCK],
          useFactory: (clock: Clock): Promise<EventStore> =>
            openEventStore({
              kind: config.eventStore.kind,
              url: eventStoreUrl(config),
              clock,
              poolSize: config.eventStorePoolSize,
            }),
        },
        {
          provide: READ_DATABASE,
          inject: [EVENT_STORE], // opened (and, on PostgreSQL, migrated) first
          useFactory: () => openMigratedReadDatabase(config),
        },
        { provide: REDIS, useFactory: () => openRedis(config.redisUrl, new Logger('Redis')) },
        HealthChecker,
        InfrastructureShutdown,
      ],
      exports: [APP_CONFIG, CLOCK, EVENT_STORE, READ_DATABASE, REDIS, HealthChecker, TerminusModule],
    };
  }
}
