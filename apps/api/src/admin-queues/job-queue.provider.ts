import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Redis as SharedRedis } from 'ioredis';
import { APP_CONFIG, pingRedis, REDIS, type RuntimeConfig } from '#platform';
import { DEFAULT_QUEUE_NAME, EXPECTED_JOB_SCHEDULES, missingJobSchedules } from '#scheduling';

/** What /health says of the jobs: which scheduler runs them and how many runs failed for good. */
export interface JobsHealth {
  /** BullMQ whenever Redis answers (the worker chooses it then); otherwise the in-process fallback. */
  readonly scheduler: 'bullmq' | 'in-process';
  /** Runs that spent their retries (BullMQ's failed set); null when it cannot be read. */
  readonly failedJobs: number | null;
  /**
   * Expected job schedules that Redis does not hold (a Redis restart without persistence empties them;
   * the worker registers them again within seconds): none when all are there, null when unreadable.
   */
  readonly missingSchedules: string[] | null;
}

/** The api's read-only handle on the worker's job queue (for bull-board and /health). */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  readonly queue: Queue;
  private readonly connection: Redis;

  constructor(
    @Inject(APP_CONFIG) config: RuntimeConfig,
    @Inject(REDIS) private readonly redis: SharedRedis,
  ) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    this.connection.on('error', () => undefined); // reported by /health through the shared client
    this.queue = new Queue(DEFAULT_QUEUE_NAME, { connection: this.connection });
    this.queue.on('error', () => undefined);
  }

  async health(): Promise<JobsHealth> {
    const redisUp = await pingRedis(this.redis).then(
      () => true,
      () => false,
    );
    if (!redisUp) return { scheduler: 'in-process', failedJobs: null, missingSchedules: null };
    const [failedJobs, missingSchedules] = await Promise.all([
      withTimeout(this.queue.getFailedCount(), 1000).catch(() => null),
      withTimeout(this.queue.getJobSchedulers(), 1000).then(
        (present) => missingJobSchedules(EXPECTED_JOB_SCHEDULES, present),
        () => null,
      ),
    ]);
    return { scheduler: 'bullmq', failedJobs, missingSchedules };
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    this.connection.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}
