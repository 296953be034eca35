import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { appendStatement } from '#event-store';
import { systemClock, type DependencyCheck, type HealthReport } from '#platform';
import { BullMqScheduler, EXPECTED_JOB_SCHEDULES } from '#scheduling';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { testRuntimeConfig } from './runtime-config.ts';
import { closedPort, silentServer } from './unreachable-servers.ts';

function expectUp(check: DependencyCheck): void {
  expect(check).toEqual({ status: 'up', latencyMs: expect.any(Number) });
  expect(check.latencyMs).toBeGreaterThanOrEqual(0);
  expect(check.latencyMs).toBeLessThan(1000);
}

async function startedApi(env: Record<string, string> = {}): Promise<INestApplication> {
  const app = await createApiApp(testRuntimeConfig(env));
  await app.init();
  return app;
}

describe('GET /health (real PostgreSQL from DATABASE_URL, real Redis)', () => {
  let app: INestApplication;
  // The worker's part, without its jobs' work: the expected schedules registered on the default queue.
  const schedules = new BullMqScheduler({
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    clock: systemClock,
    work: false,
    jobs: EXPECTED_JOB_SCHEDULES.map((name) => ({
      name,
      cron: '0 0 1 4 *',
      description: name,
      run: async () => undefined,
    })),
  });
  beforeAll(async () => {
    await schedules.start();
    app = await startedApi();
  });
  afterAll(async () => {
    await schedules.close();
    await app?.close();
  });

  it('answers 200 "ok" with every dependency up and its latency', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('no-store');
    const report = response.body as HealthReport;
    expect(report.status).toBe('ok');
    expect(response.body.jobs).toEqual({
      scheduler: 'bullmq',
      failedJobs: expect.any(Number),
      missingSchedules: [],
    });
    expect(Object.keys(report.checks).sort()).toEqual(['eventStore', 'readDatabase', 'redis']);
    expect(report.readableLag).toMatchObject({ status: 'ok', thresholdSeconds: 30 });
    expect(report.readableLag?.holder).toBeUndefined();
    expectUp(report.checks.eventStore);
    expectUp(report.checks.readDatabase);
    expectUp(report.checks.redis);
  });

  it('says "degraded" (still 200: the api serves) and names the schedule while one is missing from Redis, "ok" once it is back', async () => {
    await schedules.queue.removeJobScheduler('fiscal-year-rollover');
    try {
      const missing = await request(app.getHttpServer()).get('/health').expect(200);
      expect(missing.body.status).toBe('degraded');
      expect(missing.body.jobs).toMatchObject({
        scheduler: 'bullmq',
        missingSchedules: ['fiscal-year-rollover'],
      });
      expectUp(missing.body.checks.redis);
    } finally {
      await schedules.restoreMissing();
    }
    const back = await request(app.getHttpServer()).get('/health').expect(200);
    expect(back.body.status).toBe('ok');
    expect(back.body.jobs.missingSchedules).toEqual([]);
  });

  it('serves an OpenAPI document that lists /health, and the Swagger UI', async () => {
    const { body } = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toContain('/health');
    expect(Object.keys(body.paths['/health'].get.responses).sort()).toEqual(['200', '500', '503']);
    expect(body.components.schemas.HealthReportDto).toBeDefined();
    const ui = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    expect(ui.text).toContain('swagger');
  });
});

describe('GET /health with Redis down', () => {
  it('answers 503 "degraded" when nothing listens at REDIS_URL, the databases still up', async () => {
    const port = await closedPort();
    const app = await startedApi({ REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      const response = await request(app.getHttpServer()).get('/health').expect(503);
      const report = response.body as HealthReport;
      expect(report.status).toBe('degraded');
      expect(report.checks.redis).toMatchObject({ status: 'down', latencyMs: expect.any(Number) });
      expect(report.checks.redis.error).toMatch(/ECONNREFUSED|not connected/);
      expectUp(report.checks.eventStore);
      expectUp(report.checks.readDatabase);
    } finally {
      await app.close();
    }
  });

  it('does not hang on a Redis that accepts connections but never answers', async () => {
    const hung = await silentServer();
    const app = await startedApi({ REDIS_URL: `redis://127.0.0.1:${hung.port}` });
    try {
      const started = Date.now();
      const response = await request(app.getHttpServer()).get('/health').expect(503);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(response.body.checks.redis.status).toBe('down');
      expectUp(response.body.checks.eventStore);
    } finally {
      await app.close();
      await hung.close();
    }
  });
});

describe('GET /health while an appending transaction is held open past the lag threshold', () => {
  it('answers 503 "degraded" with the readable lag and the session holding it, then 200 once it commits', async () => {
    const app = await startedApi({ EVENT_STORE_LAG_THRESHOLD_SECONDS: '1' });
    const url = process.env.DATABASE_URL!;
    const held = new pg.Client({ connectionString: url, application_name: 'forgotten-appender' });
    const other = new pg.Client({ connectionString: url });
    await held.connect();
    await other.connect();
    const meta = { actorId: 'test', actorRole: 'system', correlationId: 'health-lag' };
    const event = () => ({ id: uuidv7(), type: 'HealthProbed', data: {}, metadata: meta });
    const stream = `healthLag-${Date.now().toString(36)}`;
    let open = false;
    try {
      const pid = (await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await held.query('BEGIN');
      open = true;
      await held.query(appendStatement(`${stream}-held`, [event()], 'no_stream', new Date()));
      await other.query(appendStatement(`${stream}-waiting`, [event()], 'no_stream', new Date()));
      await new Promise((resolve) => setTimeout(resolve, 1_300));

      const degraded = await request(app.getHttpServer()).get('/health').expect(503);
      const report = degraded.body as HealthReport;
      expect(report.status).toBe('degraded');
      expectUp(report.checks.eventStore);
      expect(report.readableLag).toMatchObject({ status: 'lagging', thresholdSeconds: 1 });
      expect(report.readableLag!.events).toBeGreaterThanOrEqual(1);
      expect(report.readableLag!.seconds).toBeGreaterThanOrEqual(1);
      expect(report.readableLag!.holder).toMatchObject({
        pid,
        applicationName: 'forgotten-appender',
        state: 'idle in transaction',
        database: new URL(url).pathname.slice(1),
      });

      await held.query('COMMIT');
      open = false;
      const recovered = await request(app.getHttpServer()).get('/health').expect(200);
      expect(recovered.body.readableLag).toMatchObject({ status: 'ok', events: 0 });
    } finally {
      if (open) await held.query('ROLLBACK').catch(() => undefined);
      await held.end();
      await other.end();
      await app.close();
    }
  });
});
