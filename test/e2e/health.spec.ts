import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
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
    expect(Object.keys(body.paths['/health'].get.responses).sort()).toEqual(['200', '503']);
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
