import { Inject, Injectable, Logger, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import type pg from 'pg';
import type { Redis } from 'ioredis';
import { loadSigningKey, PostgresLogCheckpointStore, type EventStore } from '#event-store';
import {
  CLOCK,
  EVENT_STORE,
  loadTokyoMunicipalities,
  pingRedis,
  READ_DATABASE,
  REDIS,
  type Clock,
  type RuntimeConfig,
} from '#platform';
import {
  BullMqScheduler,
  InProcessScheduler,
  logCheckpointJob,
  SCHEDULER,
  subsidyJobs,
  type ScheduledJob,
  type Scheduler,
} from '#scheduling';
import type { ApplicationRules } from '#domain';
import { APPLICATION_RULES, WorkflowModule } from '#workflow';

/**
 * The worker's scheduled jobs. BullMQ when Redis answers at start-up; otherwise (the embedded quick
 * start without Redis) the same jobs on the in-process scheduler, and the log says which.
 */
@Module({})
export class JobsModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return {
      module: JobsModule,
      imports: [WorkflowModule],
      providers: [
        {
          provide: SCHEDULER,
          inject: [EVENT_STORE, READ_DATABASE, REDIS, CLOCK, APPLICATION_RULES],
          useFactory: (
            store: EventStore,
            pool: pg.Pool,
            redis: Redis,
            clock: Clock,
            rules: ApplicationRules,
          ) => startScheduler(config, { store, pool, redis, clock, rules }),
        },
        SchedulerShutdown,
      ],
      exports: [SCHEDULER],
    };
  }
}

interface SchedulerDependencies {
  readonly store: EventStore;
  readonly pool: pg.Pool;
  readonly redis: Redis;
  readonly clock: Clock;
  readonly rules: ApplicationRules;
}

async function startScheduler(
  config: RuntimeConfig,
  { store, pool, redis, clock, rules }: SchedulerDependencies,
): Promise<Scheduler> {
  const logger = new Logger('Jobs');
  const { key, generated, file } = await loadSigningKey(
    config.audit?.signingKeyFile,
    config.audit?.signingKeyRequired ?? false,
  );
  if (generated)
    logger.warn(`AUDIT_SIGNING_KEY_FILE is not set: generated a development signing key in ${file}`);
  const checkpoints = new PostgresLogCheckpointStore(pool);
  await checkpoints.ensureSchema();
  const municipalityCodes = (await loadTokyoMunicipalities()).map((m) => m.code);
  const jobs: ScheduledJob[] = [
    logCheckpointJob({ store, checkpoints, key }),
    ...subsidyJobs({ store, rules, municipalityCodes }),
  ];
  const redisUp = await pingRedis(redis).then(
    () => true,
    () => false,
  );
  const scheduler: Scheduler = redisUp
    ? new BullMqScheduler({ redisUrl: config.redisUrl, jobs, clock })
    : new InProcessScheduler({
        jobs,
        clock,
        onFailure: (job, runId, error) => logger.error(`${runId} failed after its retries: ${String(error)}`),
      });
  await scheduler.start();
  logger.log(
    `${jobs.length} scheduled job(s) on ${scheduler.kind === 'bullmq' ? 'BullMQ (Redis)' : 'the in-process scheduler (Redis unreachable)'}`,
  );
  return scheduler;
}

@Injectable()
class SchedulerShutdown implements OnModuleDestroy {
  constructor(@Inject(SCHEDULER) private readonly scheduler: Scheduler) {}

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.close();
  }
}
