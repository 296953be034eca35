import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { backoffDelay, type RetryPolicy } from '#event-store';
import { REDIS_RECONNECT_POLICY, type Clock } from '#platform';
import { bullMqRetryOptions, jobRetryPolicy } from './job-retry-policy.ts';
import { JobRegistry } from './job-registry.ts';
import { missingJobSchedules } from './expected-job-schedules.ts';
import { SCHEDULE_TIME_ZONE, type ScheduledJob } from './scheduled-job.ts';
import type { Scheduler, SchedulerStatus } from './scheduler.ts';

export const DEFAULT_QUEUE_NAME = 'zaitaku-jobs';

/** How often a running scheduler compares its schedules with Redis and registers what is missing. */
export const SCHEDULE_CHECK_INTERVAL_MS = 30_000;

/**
 * The longest wait between two reconnection attempts to Redis (ioredis's retryStrategy): with the
 * re-registration on 'ready', the schedules are back at most this long (plus one round trip per job)
 * after Redis accepts connections again.
 */
export const REDIS_RECONNECT_MAX_DELAY_MS = 2_000;

/** Reconnection to Redis: 100 ms, 200 ms … then every REDIS_RECONNECT_MAX_DELAY_MS, forever. */
const SCHEDULER_RECONNECT_POLICY = {
  ...REDIS_RECONNECT_POLICY,
  baseDelayMs: 100,
  maxDelayMs: REDIS_RECONNECT_MAX_DELAY_MS,
};

/**
 * The stated bound (README): every expected schedule is registered again at most this long after Redis
 * accepts connections again — the reconnection delay, then one round trip per job, with room for a
 * loaded machine. The fault test (test/faults) and `npm run stress:faults` measure it.
 */
export const SCHEDULE_RESTORE_BOUND_MS = 5_000;

export interface BullMqSchedulerOptions {
  readonly redisUrl: string;
  readonly jobs: readonly ScheduledJob[];
  readonly clock: Clock;
  readonly queueName?: string;
  /** JOB_RETRY_POLICY with these changes. */
  readonly retry?: Partial<RetryPolicy>;
  /** Process jobs here (workers) or only register schedules and trigger (the api). Default true. */
  readonly work?: boolean;
  /**
   * How long a worker's hold on a running job lasts without renewal (BullMQ's lockDuration, default
   * 30 s). A worker that dies mid-job stops renewing; after this long another worker finds the job
   * stalled and runs it again, and the job's deterministic event ids make the rerun finish, not repeat.
   */
  readonly lockDurationMs?: number;
  /** Default SCHEDULE_CHECK_INTERVAL_MS: the bound for a Redis emptied without a disconnect (FLUSHALL). */
  readonly checkIntervalMs?: number;
  /** Told the names of schedules found missing in Redis and registered again (for the log). */
  readonly onRestored?: (names: readonly string[]) => void;
  /**
   * Remove this scheduler's job schedules from Redis when it closes: a development run (`npm start` on
   * the embedded database) leaves nothing behind in a Redis it shares. Never in production, where the
   * schedules outlive any one worker (several workers share them).
   */
  readonly removeSchedulesOnClose?: boolean;
}

interface TriggeredRun {
  readonly scheduledFor: string;
}

/**
 * Schedules live in Redis as BullMQ job schedulers (one per job, upserted: every worker may register
 * on start, there is still one schedule). A run's BullMQ job id is derived from its calendar instant,
 * so a run triggered twice is enqueued once; the job's own commands make a redelivery harmless.
 *
 * Redis may lose the schedules (a restart without persistence, a FLUSHALL): once started, the scheduler
 * registers the missing ones again each time its connection is ready again and every `checkIntervalMs`
 * (upsertJobScheduler is idempotent, so several workers doing it at once still leave one schedule).
 */
export class BullMqScheduler implements Scheduler {
  readonly kind = 'bullmq' as const;
  readonly queue: Queue;
  private readonly registry: JobRegistry;
  private readonly jobOptions: JobsOptions;
  private readonly connections: Redis[] = [];
  private readonly queueConnection: Redis;
  private worker: Worker | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private restoring: Promise<readonly string[]> | undefined;
  private closed = false;

  constructor(private readonly options: BullMqSchedulerOptions) {
    this.registry = new JobRegistry(options.jobs);
    this.jobOptions = {
      ...bullMqRetryOptions(jobRetryPolicy(options.retry)),
      removeOnComplete: { count: 1_000 },
      removeOnFail: false, // failed runs stay for admins (bull-board, /health)
    };
    this.queueConnection = this.connect();
    this.queue = new Queue(this.queueName, { connection: this.queueConnection });
    this.queue.on('error', () => undefined); // connection errors surface in status() and /health
  }

  get queueName(): string {
    return this.options.queueName ?? DEFAULT_QUEUE_NAME;
  }

  async start(): Promise<void> {
    for (const job of this.registry.jobs) await this.register(job);
    const known = new Set(this.registry.jobs.map((j) => j.name));
    for (const scheduler of await this.queue.getJobSchedulers()) {
      if (!known.has(scheduler.key)) await this.queue.removeJobScheduler(scheduler.key);
    }
    if (this.options.work ?? true) {
      this.worker = new Worker(this.queueName, (job) => this.process(job), {
        connection: this.connect(),
        concurrency: 1,
        ...(this.options.lockDurationMs === undefined
          ? {}
          : { lockDuration: this.options.lockDurationMs, stalledInterval: this.options.lockDurationMs }),
      });
      this.worker.on('error', () => undefined); // connection errors surface in status() and /health
    }
    // ioredis says 'ready' after every reconnection: Redis may have come back empty.
    this.queueConnection.on('ready', () => void this.restoreMissing().catch(() => undefined));
    this.checkTimer = setInterval(
      () => void this.restoreMissing().catch(() => undefined),
      this.options.checkIntervalMs ?? SCHEDULE_CHECK_INTERVAL_MS,
    );
    this.checkTimer.unref();
  }

  /** The jobs whose schedule Redis does not hold. Throws when Redis cannot be asked. */
  async missingSchedules(): Promise<string[]> {
    return missingJobSchedules(
      this.registry.jobs.map((job) => job.name),
      await this.queue.getJobSchedulers(),
    );
  }

  /**
   * Registers the schedules Redis lacks and returns their names (none: nothing was missing). One check
   * at a time: a call during a check shares it.
   */
  restoreMissing(): Promise<readonly string[]> {
    if (this.restoring === undefined) {
      this.restoring = this.registerMissing().finally(() => {
        this.restoring = undefined;
      });
    }
    return this.restoring;
  }

  async trigger(jobName: string, scheduledFor: Date): Promise<void> {
    this.registry.get(jobName);
    const data: TriggeredRun = { scheduledFor: scheduledFor.toISOString() };
    await this.queue.add(jobName, data, {
      ...this.jobOptions,
      jobId: `run:${jobName}:${scheduledFor.getTime()}`,
    });
  }

  async status(): Promise<SchedulerStatus> {
    return {
      kind: this.kind,
      jobs: this.registry.schedule(this.options.clock.now()),
      failed: await this.queue.getFailedCount(),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.checkTimer);
    await this.restoring?.catch(() => undefined);
    await this.worker?.close();
    if (this.options.removeSchedulesOnClose) {
      for (const job of this.registry.jobs) await this.queue.removeJobScheduler(job.name);
    }
    await this.queue.close();
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private async registerMissing(): Promise<readonly string[]> {
    if (this.closed) return [];
    const missing = await this.missingSchedules();
    for (const name of missing) await this.register(this.registry.get(name));
    if (missing.length > 0) this.options.onRestored?.(missing);
    return missing;
  }

  private async register(job: ScheduledJob): Promise<void> {
    await this.queue.upsertJobScheduler(
      job.name,
      { pattern: job.cron, tz: SCHEDULE_TIME_ZONE },
      { name: job.name, opts: this.jobOptions },
    );
  }

  private async process(job: Job<Partial<TriggeredRun>>): Promise<void> {
    // A scheduler's job carries its calendar instant in prevMillis; a triggered run in its data.
    const millis = job.data.scheduledFor ?? job.opts.prevMillis;
    if (millis === undefined) throw new Error(`job ${job.id} has no scheduled instant`);
    await this.registry.run(job.name, new Date(millis), job.attemptsMade + 1);
  }

  private connect(): Redis {
    // BullMQ requires maxRetriesPerRequest: null for its blocking commands.
    const connection = new Redis(this.options.redisUrl, {
      maxRetriesPerRequest: null,
      lazyConnect: false,
      retryStrategy: (attempt) => backoffDelay(SCHEDULER_RECONNECT_POLICY, attempt),
    });
    connection.on('error', () => undefined);
    this.connections.push(connection);
    return connection;
  }
}
