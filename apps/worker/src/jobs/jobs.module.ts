import { Inject, Injectable, Logger, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import type pg from 'pg';
import type { Redis } from 'ioredis';
import {
  DEVELOPMENT_WITNESS_DIR,
  DirectoryWitness,
  loadSigningKey,
  LogCheckpointTrigger,
  PostgresLogCheckpointStore,
  type CheckpointWitness,
  type EventStore,
} from '#event-store';
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
  assertExpectedJobSchedules,
  BullMqScheduler,
  InProcessScheduler,
  logCheckpointJob,
  SCHEDULER,
  subsidyJobs,
  type ScheduledJob,
  type Scheduler,
} from '#scheduling';
import type { ApplicationRules } from '#domain';
import { APPLICATION_RULES, CommandGateway, WorkflowModule } from '#workflow';

/**
 * The worker's scheduled jobs. BullMQ when Redis answers at start-up; otherwise (the embedded quick
 * start without Redis) the same jobs on the in-process scheduler, and the log says which.
 */
@Module({})
export class JobsModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    const witness = new DirectoryWitness(config.audit?.witnessDir ?? DEVELOPMENT_WITNESS_DIR);
    return {
      module: JobsModule,
      imports: [WorkflowModule],
      providers: [
        {
          provide: SCHEDULER,
          inject: [EVENT_STORE, READ_DATABASE, REDIS, CLOCK, APPLICATION_RULES, CommandGateway],
          useFactory: (
            store: EventStore,
            pool: pg.Pool,
            redis: Redis,
            clock: Clock,
            rules: ApplicationRules,
            gateway: CommandGateway,
          ) => startScheduler(config, { store, pool, redis, clock, rules, gateway, witness }),
        },
        {
          provide: LogCheckpointTrigger,
          inject: [SCHEDULER, EVENT_STORE, READ_DATABASE, CLOCK],
          // After the scheduler: it loaded (or generated) the signing key.
          useFactory: (_scheduler: Scheduler, store: EventStore, pool: pg.Pool, clock: Clock) =>
            startCheckpointTrigger(config, { store, pool, clock, witness }),
        },
        SchedulerShutdown,
        CheckpointTriggerShutdown,
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
  readonly gateway: CommandGateway;
  readonly witness: CheckpointWitness;
}

async function startScheduler(
  config: RuntimeConfig,
  { store, pool, redis, clock, rules, gateway, witness }: SchedulerDependencies,
): Promise<Scheduler> {
  const logger = new Logger('Jobs');
  const { key, generated, file } = await loadSigningKey(
    config.audit?.signingKeyFile,
    config.audit?.signingKeyRequired ?? false,
  );
  if (generated)
    logger.warn(`AUDIT_SIGNING_KEY_FILE is not set: generated a development signing key in ${file}`);
  const checkpoints = new PostgresLogCheckpointStore(pool);
  const municipalityCodes = (await loadTokyoMunicipalities()).map((m) => m.code);
  const jobs: ScheduledJob[] = [
    logCheckpointJob({ store, checkpoints, key, witness }),
    ...subsidyJobs({ store, gateway, rules, municipalityCodes }),
  ];
  assertExpectedJobSchedules(jobs);
  const redisUp = await pingRedis(redis).then(
    () => true,
    () => false,
  );
  const scheduler: Scheduler = redisUp
    ? new BullMqScheduler({
        redisUrl: config.redisUrl,
        jobs,
        clock,
        onRestored: (names) =>
          logger.warn(`job schedule(s) missing from Redis registered again: ${names.join(', ')}`),
        // A development run on the embedded database leaves no schedules behind in Redis.
        removeSchedulesOnClose: config.embeddedDatabase,
      })
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

/** Signs the log within AUDIT_CHECKPOINT_EVERY_SECONDS or _EVERY_EVENTS (README, "Audit: witness"). */
async function startCheckpointTrigger(
  config: RuntimeConfig,
  { store, pool, clock, witness }: Pick<SchedulerDependencies, 'store' | 'pool' | 'clock' | 'witness'>,
): Promise<LogCheckpointTrigger> {
  const logger = new Logger('AuditCheckpoints');
  const { key } = await loadSigningKey(
    config.audit?.signingKeyFile,
    config.audit?.signingKeyRequired ?? false,
  );
  const trigger = new LogCheckpointTrigger({
    store,
    checkpoints: new PostgresLogCheckpointStore(pool),
    key,
    witness,
    clock,
    everySeconds: config.audit?.checkpointEverySeconds,
    everyEvents: config.audit?.checkpointEveryEvents,
    onError: (error) => logger.error(`checkpoint failed (retried within a second): ${String(error)}`),
  });
  trigger.start();
  logger.log(
    `log checkpoints every ${config.audit?.checkpointEverySeconds ?? 60} s or ${config.audit?.checkpointEveryEvents ?? 1000} events, witnessed in ${witness.description}`,
  );
  return trigger;
}

@Injectable()
class CheckpointTriggerShutdown implements OnModuleDestroy {
  constructor(@Inject(LogCheckpointTrigger) private readonly trigger: LogCheckpointTrigger) {}

  async onModuleDestroy(): Promise<void> {
    await this.trigger.stop();
  }
}

@Injectable()
class SchedulerShutdown implements OnModuleDestroy {
  constructor(@Inject(SCHEDULER) private readonly scheduler: Scheduler) {}

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.close();
  }
}
