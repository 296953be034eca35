import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ApplicationRecipient } from '#domain';
import type { PostgresEventStore } from '#event-store';
import { systemClock } from '#platform';
import { BullMqScheduler, fiscalYearRolloverJob } from '#scheduling';
import { createCommandGateway, SEED_APPLICATION_RULES } from '#workflow';
import { eventStorePerTest } from '#scheduling-testing';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GRANTS = 400;
const LOCK_MS = 1_000;

/**
 * A worker process killed (SIGKILL) in the middle of the 1 April rollover: its lock lapses, a second
 * worker finds the job stalled and runs it again, and every grant ends up advanced exactly once.
 */
describe('a worker killed mid-job (real Redis, real PostgreSQL, separate process)', () => {
  const database = eventStorePerTest();
  let store: PostgresEventStore;
  let child: ChildProcess | undefined;
  let survivor: BullMqScheduler | undefined;
  const queueName = `zaitaku-crash-${randomUUID()}`;
  beforeEach(() => {
    store = database.store();
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    if (survivor) {
      await survivor.queue.obliterate({ force: true });
      await survivor.close();
    }
  });

  const advancedCount = async () =>
    (await store.readCategory('multiYearGrant', { maxCount: 10_000, consistency: 'committed' })).filter(
      (e) => e.type === 'ProgramYearAdvanced',
    ).length;

  it('retries the job on another worker with no duplicate and no missing event', async () => {
    const recipients: ApplicationRecipient[] = Array.from({ length: GRANTS }, (_, i) => ({
      kind: 'hospital',
      id: `hosp-${i}`,
      municipalityCode: '131016',
    }));
    for (const recipient of recipients) {
      await createCommandGateway(store).send(
        'multiYearGrant',
        { programId: 'transition-support', menuId: 'discharge-staff', recipient },
        {
          type: 'StartMultiYearGrant',
          data: {
            programId: 'transition-support',
            menuId: 'discharge-staff',
            recipient,
            applicationId: `app-${recipient.id}`,
            fiscalYear: 2016,
          },
          actor: { id: 'system:test', role: 'system' },
          at: new Date('2016-05-01T10:00:00+09:00'),
        },
        { metadata: { correlationId: 'setup' } },
      );
    }
    child = spawn(
      process.execPath,
      ['dist/test/fixtures/job-worker-process.js', database.url(), redisUrl, queueName, String(LOCK_MS)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child!.on('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
    });

    // The api's side of a manual run: enqueue only.
    const trigger = new BullMqScheduler({
      redisUrl,
      queueName,
      clock: systemClock,
      work: false,
      jobs: [fiscalYearRolloverJob({ store, rules: SEED_APPLICATION_RULES })],
    });
    await trigger.trigger('fiscal-year-rollover', new Date('2017-04-01T00:00:00+09:00'));
    await trigger.close();

    let advancedAtKill = 0;
    while (advancedAtKill < 10) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      advancedAtKill = await advancedCount();
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    expect(advancedAtKill).toBeLessThan(GRANTS); // killed in the middle of the job
    process.stdout.write(`killed after ${advancedAtKill} of ${GRANTS} grants advanced\n`);

    survivor = new BullMqScheduler({
      redisUrl,
      queueName,
      clock: systemClock,
      lockDurationMs: LOCK_MS,
      jobs: [fiscalYearRolloverJob({ store, rules: SEED_APPLICATION_RULES })],
    });
    await survivor.start();
    const deadline = Date.now() + 30_000;
    while ((await store.readStream('fiscalYearRollover-2017')).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await store.readStream('fiscalYearRollover-2017')).map((e) => e.type)).toEqual([
      'FiscalYearRolledOver',
    ]);

    // Committed, not the stable prefix: a transaction of another suite on the server must not hide them.
    const grants = await store.readCategory('multiYearGrant', { maxCount: 10_000, consistency: 'committed' });
    const byStream = new Map<string, string[]>();
    for (const event of grants)
      byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event.type]);
    expect(byStream.size).toBe(GRANTS);
    for (const types of byStream.values())
      expect(types).toEqual(['MultiYearGrantStarted', 'ProgramYearAdvanced']);
    expect(new Set(grants.map((e) => e.id)).size).toBe(grants.length);
  }, 60_000);
});
