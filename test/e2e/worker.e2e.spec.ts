import { describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { appendStatement, DirectoryWitness, type EventStore } from '#event-store';
import { checkReadableLag, describeReadableLag, EVENT_STORE, HealthChecker, READ_DATABASE } from '#platform';
import pg from 'pg';
import { SCHEDULER, type Scheduler } from '#scheduling';
import { createWorkerApp } from '../../apps/worker/src/create-worker-app.ts';
import { ReadableLagMonitor } from '../../apps/worker/src/readable-lag-monitor.ts';
import { testRuntimeConfig } from './runtime-config.ts';
import { closedPort } from './unreachable-servers.ts';

describe('worker (Nest application context, real PostgreSQL and Redis)', () => {
  it('boots, connects to everything, and closes its pools on shutdown', async () => {
    const worker = await createWorkerApp(testRuntimeConfig());
    const pool = worker.get<pg.Pool>(READ_DATABASE);
    try {
      const report = await worker.get(HealthChecker).check();
      expect(report.status).toBe('ok');
      const { kind, jobs } = await worker.get<Scheduler>(SCHEDULER).status();
      expect(kind).toBe('bullmq');
      expect(jobs.map((j) => j.name)).toEqual([
        'audit-log-checkpoint',
        'designation-round-open',
        'designation-cycle-daily',
        'fiscal-year-rollover',
        'due-date-reminders',
      ]);
    } finally {
      await worker.close();
    }
    expect(pool.ended).toBe(true);
  });

  it('signs the log, and witnesses the checkpoint, within AUDIT_CHECKPOINT_EVERY_EVENTS of new events', async () => {
    const witnessDir = await mkdtemp(join(tmpdir(), 'zaitaku-worker-witness-'));
    const worker = await createWorkerApp(
      testRuntimeConfig({
        AUDIT_WITNESS_DIR: witnessDir,
        AUDIT_CHECKPOINT_EVERY_EVENTS: '5',
        AUDIT_CHECKPOINT_EVERY_SECONDS: '3600',
      }),
    );
    try {
      const store = worker.get<EventStore>(EVENT_STORE);
      const pool = worker.get<pg.Pool>(READ_DATABASE);
      const metadata = { actorId: 'caseworker-1', actorRole: 'caseworker', correlationId: 'c-trigger' };
      const { position } = await store.append(
        `thing-${uuidv7()}`,
        Array.from({ length: 5 }, (_, i) => ({ id: uuidv7(), type: 'ThingRecorded', data: { i }, metadata })),
        { expectedRevision: 'no_stream' },
      );
      const signedAt = async () =>
        (
          await pool.query<{ position: string; sequence: number }>(
            'SELECT position::text, sequence FROM audit.log_checkpoints ORDER BY sequence DESC LIMIT 1',
          )
        ).rows[0];
      const started = Date.now();
      let latest = await signedAt();
      while ((latest === undefined || BigInt(latest.position) < position) && Date.now() - started < 60_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        latest = await signedAt();
      }
      expect(BigInt(latest!.position)).toBeGreaterThanOrEqual(position);
      expect((await new DirectoryWitness(witnessDir).all()).map((c) => c.sequence)).toContain(
        latest!.sequence,
      );
    } finally {
      await worker.close();
    }
  });

  it('keeps running without Redis and reports it down', async () => {
    const port = await closedPort();
    const worker = await createWorkerApp(testRuntimeConfig({ REDIS_URL: `redis://127.0.0.1:${port}` }));
    try {
      const { checks } = await worker.get(HealthChecker).check();
      expect(checks.redis).toMatchObject({ status: 'down', error: expect.stringMatching(/ECONNREFUSED/) });
      expect(checks.eventStore.status).toBe('up');
      expect(checks.readDatabase.status).toBe('up');
      // The same jobs run on the in-process scheduler.
      expect(worker.get<Scheduler>(SCHEDULER).kind).toBe('in-process');
    } finally {
      await worker.close();
    }
  });

  it('reports an appending transaction held open past the lag threshold, naming its session, until it commits', async () => {
    const worker = await createWorkerApp(testRuntimeConfig({ EVENT_STORE_LAG_THRESHOLD_SECONDS: '1' }));
    const held = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: 'stuck-job' });
    await held.connect();
    let open = false;
    try {
      const pid = (await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const meta = { actorId: 'test', actorRole: 'system', correlationId: 'worker-lag' };
      const stream = `workerLag-${Date.now().toString(36)}`;
      await held.query('BEGIN');
      open = true;
      await held.query(
        appendStatement(
          `${stream}-held`,
          [{ id: uuidv7(), type: 'Stuck', data: {}, metadata: meta }],
          'no_stream',
          new Date(),
        ),
      );
      const store = worker.get<EventStore>(EVENT_STORE);
      await store.append(`${stream}-waiting`, [{ type: 'Waiting', data: {}, metadata: meta }], {
        expectedRevision: 'no_stream',
      });
      await new Promise((resolve) => setTimeout(resolve, 1_200));

      const monitor = worker.get(ReadableLagMonitor);
      expect(await monitor.check()).toBe(true);
      const report = (await checkReadableLag(store, 1))!;
      expect(report).toMatchObject({ status: 'lagging', holder: { pid, applicationName: 'stuck-job' } });
      expect(describeReadableLag(report)).toMatch(
        new RegExp(
          `lags the written head by \\d+ events / [\\d.]+ s \\(threshold 1 s\\), held by pid ${pid} \\(database \\w+, application "stuck-job"`,
        ),
      );

      await held.query('COMMIT');
      open = false;
      expect(await monitor.check()).toBe(false);
    } finally {
      if (open) await held.query('ROLLBACK').catch(() => undefined);
      await held.end();
      await worker.close();
    }
  });
});
