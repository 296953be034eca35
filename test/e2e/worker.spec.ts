import { describe, expect, it } from '@jest/globals';
import { HealthChecker, READ_DATABASE } from '#platform';
import type pg from 'pg';
import { SCHEDULER, type Scheduler } from '#scheduling';
import { createWorkerApp } from '../../apps/worker/src/create-worker-app.ts';
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
});
