import { afterEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ManualClock } from '#platform';
import { BullMqScheduler } from './bullmq-scheduler.ts';
import {
  assertExpectedJobSchedules,
  EXPECTED_JOB_SCHEDULES,
  missingJobSchedules,
} from './expected-job-schedules.ts';
import { deterministicId } from '#platform';
import { InProcessScheduler } from './in-process-scheduler.ts';
import { bullMqRetryOptions, JOB_RETRY_POLICY } from './job-retry-policy.ts';
import type { JobRunContext, ScheduledJob } from './scheduled-job.ts';
import type { Scheduler } from './scheduler.ts';
import { nextOccurrence, occurrencesBetween } from './tokyo-cron.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const clock = new ManualClock('2026-11-25T03:00:00Z');

/** A job that records its runs and can be told to fail its first attempts. */
function recordingJob(name: string, cron: string, failFirst = 0): ScheduledJob & { runs: JobRunContext[] } {
  const runs: JobRunContext[] = [];
  return {
    name,
    cron,
    description: name,
    runs,
    run: async (context) => {
      runs.push(context);
      if (context.attempt <= failFirst) throw new Error(`attempt ${context.attempt} fails`);
    },
  };
}

const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('schedules on the Tokyo calendar', () => {
  it('given 1 April 00:00 JST, the rollovers from FY2014 to FY2017 fall at 15:00 UTC on 31 March', () => {
    const rollovers = occurrencesBetween(
      '0 0 1 4 *',
      new Date('2014-04-01T00:00:00+09:00'),
      new Date('2018-03-31T23:59:59+09:00'),
    );
    expect(rollovers.map((d) => d.toISOString())).toEqual([
      '2015-03-31T15:00:00.000Z',
      '2016-03-31T15:00:00.000Z',
      '2017-03-31T15:00:00.000Z',
    ]);
  });

  it('given a reminder at 09:00 JST on 1 February, it falls at 00:00 UTC that day, in a leap year too', () => {
    expect(nextOccurrence('0 9 1 2 *', new Date('2027-11-01T00:00:00Z')).toISOString()).toBe(
      '2028-02-01T00:00:00.000Z',
    );
  });

  it('derives the same id from the same run and a different one from another run', () => {
    expect(deterministicId('rollover@2016-03-31T15:00:00.000Z', 0)).toBe(
      deterministicId('rollover@2016-03-31T15:00:00.000Z', 0),
    );
    expect(deterministicId('rollover@2016-03-31T15:00:00.000Z', 0)).not.toBe(
      deterministicId('rollover@2016-03-31T15:00:00.000Z', 1),
    );
  });
});

describe('the expected job schedules (what /health checks Redis for)', () => {
  const named = (...names: string[]) => names.map((name) => ({ name }));

  it("given the worker's jobs and the list in agreement, accepts them in any order", () => {
    expect(() => assertExpectedJobSchedules(named(...[...EXPECTED_JOB_SCHEDULES].reverse()))).not.toThrow();
  });

  it('given a job missing from the list and a listed one not built, refuses, naming both', () => {
    expect(() =>
      assertExpectedJobSchedules(named('fiscal-year-rollover', 'new-job'), [
        'fiscal-year-rollover',
        'old-job',
      ]),
    ).toThrow(
      "the worker's jobs and EXPECTED_JOB_SCHEDULES (libs/scheduling) disagree: not listed: new-job; listed but not built: old-job",
    );
  });

  it('names the expected schedules Redis lacks, in the order of the list', () => {
    expect(missingJobSchedules(['a', 'b', 'c'], [{ key: 'b' }, { key: 'other' }])).toEqual(['a', 'c']);
  });
});

describe('the job retry policy', () => {
  it("gives BullMQ the same attempts and delays (its exponential backoff is backoffDelay's, uncapped)", () => {
    expect(bullMqRetryOptions(JOB_RETRY_POLICY)).toEqual({
      attempts: 5,
      backoff: { type: 'exponential', delay: 1_000, jitter: 0 },
    });
  });

  it('refuses a policy whose cap BullMQ would not keep', () => {
    expect(() => bullMqRetryOptions({ ...JOB_RETRY_POLICY, maxAttempts: 10 })).toThrow(/cannot cap/);
  });
});

describe('BullMQ scheduler (real Redis)', () => {
  const open: Scheduler[] = [];
  const queueName = `zaitaku-test-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const scheduler = (jobs: ScheduledJob[], work = true, removeSchedulesOnClose = false) => {
    const s = new BullMqScheduler({
      redisUrl,
      jobs,
      clock,
      queueName,
      retry: { maxAttempts: 3, baseDelayMs: 10 },
      work,
      removeSchedulesOnClose,
    });
    open.push(s);
    return s;
  };
  afterEach(async () => {
    const queues = open.splice(0).map(async (s) => s.close());
    await Promise.all(queues);
  });

  it('given a development run (removeSchedulesOnClose), when it closes, then its schedules are gone from Redis; a production scheduler leaves them', async () => {
    const jobs = () => [recordingJob('fiscal-year-rollover', '0 0 1 4 *')];
    const closing = async (s: Scheduler) => {
      open.splice(open.indexOf(s), 1);
      await s.close();
    };
    const production = scheduler(jobs(), false);
    await production.start();
    await closing(production);
    const development = scheduler(jobs(), false, true);
    // What the production scheduler left, before the development run registers anything.
    expect((await development.queue.getJobSchedulers()).map((s) => s.key)).toEqual(['fiscal-year-rollover']);
    await development.start();
    await closing(development);
    const inspect = scheduler(jobs(), false);
    expect(await inspect.queue.getJobSchedulers()).toEqual([]);
    expect(await inspect.queue.getDelayedCount()).toBe(0);
  });

  it('given two workers that both register on start, holds one schedule per job, next run in Tokyo time', async () => {
    const jobs = () => [
      recordingJob('fiscal-year-rollover', '0 0 1 4 *'),
      recordingJob('designation-open', '0 9 1 11 *'),
    ];
    const first = scheduler(jobs(), false);
    const second = scheduler(jobs(), false);
    await first.start();
    await second.start();
    const schedulers = await first.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(['designation-open', 'fiscal-year-rollover']);
    expect(schedulers.every((s) => s.tz === 'Asia/Tokyo')).toBe(true);
    expect((await first.status()).jobs).toContainEqual({
      name: 'fiscal-year-rollover',
      cron: '0 0 1 4 *',
      next: '2027-03-31T15:00:00.000Z',
    });
  });

  it('given a job dropped from the code, removes its schedule on the next start', async () => {
    await scheduler(
      [recordingJob('old-reminder', '0 9 * * *'), recordingJob('kept', '0 9 * * *')],
      false,
    ).start();
    const next = scheduler([recordingJob('kept', '0 9 * * *')], false);
    await next.start();
    expect((await next.queue.getJobSchedulers()).map((s) => s.key)).not.toContain('old-reminder');
  });

  it('given one run triggered on two workers at once, runs it once; a failing attempt is retried with backoff', async () => {
    const a = recordingJob('rate-change', '0 0 1 4 *', 1);
    const b = recordingJob('rate-change', '0 0 1 4 *', 1);
    const workerA = scheduler([a]);
    const workerB = scheduler([b]);
    await workerA.start();
    await workerB.start();
    const at = new Date('2017-03-31T15:00:00Z');
    await Promise.all([
      workerA.trigger('rate-change', at),
      workerB.trigger('rate-change', at),
      workerA.trigger('rate-change', at),
    ]);
    await until(async () => (await workerA.queue.getCompletedCount()) === 1);
    const runs = [...a.runs, ...b.runs];
    expect(runs.map((r) => r.attempt).sort()).toEqual([1, 2]);
    expect(new Set(runs.map((r) => r.runId))).toEqual(new Set(['rate-change@2017-03-31T15:00:00.000Z']));
    expect(runs.every((r) => r.scheduledFor.getTime() === at.getTime())).toBe(true);
  });

  it('given a run that keeps failing, counts it as failed once its attempts are spent', async () => {
    const job = recordingJob('broken', '0 0 1 4 *', 99);
    const worker = scheduler([job]);
    await worker.start();
    await worker.trigger('broken', new Date('2018-03-31T15:00:00Z'));
    await until(async () => (await worker.status()).failed === 1);
    expect(job.runs).toHaveLength(3);
  });

  it('given its schedules deleted from Redis without a disconnect, reports them missing and registers them again within its check interval', async () => {
    const restored: (readonly string[])[] = [];
    const s = new BullMqScheduler({
      redisUrl,
      jobs: [recordingJob('rollover', '0 0 1 4 *'), recordingJob('daily', '0 9 * * *')],
      clock,
      queueName,
      work: false,
      checkIntervalMs: 200,
      onRestored: (names) => restored.push(names),
    });
    open.push(s);
    await s.start();
    expect(await s.missingSchedules()).toEqual([]);
    await s.queue.removeJobScheduler('daily');
    await s.queue.removeJobScheduler('rollover');
    expect(await s.missingSchedules()).toEqual(['rollover', 'daily']);
    const started = Date.now();
    await until(async () => (await s.missingSchedules()).length === 0, 2_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(restored).toEqual([['rollover', 'daily']]);
    const schedulers = await s.queue.getJobSchedulers();
    expect(schedulers.map((x) => [x.key, x.pattern, x.tz]).sort()).toEqual([
      ['daily', '0 9 * * *', 'Asia/Tokyo'],
      ['rollover', '0 0 1 4 *', 'Asia/Tokyo'],
    ]);
  });

  it('refuses to trigger a job it does not know, naming the known ones', async () => {
    const s = scheduler([recordingJob('known', '0 0 1 4 *')], false);
    await expect(s.trigger('unknown', new Date())).rejects.toThrow('no job named "unknown" (known: known)');
  });

  it('refuses an invalid cron, naming the job and the pattern', () => {
    expect(() => new InProcessScheduler({ jobs: [recordingJob('bad', '61 * * * *')], clock })).toThrow(
      'job bad: cron "61 * * * *" is not valid',
    );
  });

  afterEach(async () => {
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`bull:${queueName}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
});

describe('in-process scheduler (no Redis)', () => {
  it('given the same run triggered twice, runs it once, retrying a failed attempt', async () => {
    const job = recordingJob('rollover', '0 0 1 4 *', 1);
    const scheduler = new InProcessScheduler({
      jobs: [job],
      clock,
      retry: { maxAttempts: 3, baseDelayMs: 5 },
    });
    await scheduler.start();
    const at = new Date('2016-03-31T15:00:00Z');
    await Promise.all([scheduler.trigger('rollover', at), scheduler.trigger('rollover', at)]);
    await scheduler.trigger('rollover', at);
    expect(job.runs.map((r) => r.attempt)).toEqual([1, 2]);
    expect((await scheduler.status()).failed).toBe(0);
    await scheduler.close();
  });

  it('given a run that keeps failing, reports it as failed and lets an admin trigger it again', async () => {
    const failures: string[] = [];
    const job = recordingJob('broken', '0 0 1 4 *', 99);
    const scheduler = new InProcessScheduler({
      jobs: [job],
      clock,
      retry: { maxAttempts: 2, baseDelayMs: 5 },
      onFailure: (_, runId) => failures.push(runId),
    });
    const at = new Date('2016-03-31T15:00:00Z');
    await scheduler.trigger('broken', at);
    expect(failures).toEqual(['broken@2016-03-31T15:00:00.000Z']);
    expect((await scheduler.status()).failed).toBe(1);
    await scheduler.trigger('broken', at);
    expect(job.runs).toHaveLength(4);
    await scheduler.close();
  });
});
