import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { bearer } from './access-app.ts';
import { testRuntimeConfig } from './runtime-config.ts';
import { closedPort } from './unreachable-servers.ts';

describe('jobs for admins: /admin/queues (bull-board) and /health', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApiApp(testRuntimeConfig());
    await app.init();
  });
  afterAll(async () => app?.close());

  it('opens bull-board for an admin only', async () => {
    const http = request(app.getHttpServer());
    expect((await http.get('/admin/queues')).status).toBe(401);
    const caseworker = await http
      .get('/admin/queues')
      .set('Authorization', await bearer({ sub: 'cw', role: 'caseworker' }));
    expect(caseworker.status).toBe(403);
    expect(caseworker.body).toMatchObject({ error: 'ROLE_NOT_ALLOWED' });
    const admin = await http
      .get('/admin/queues')
      .set('Authorization', await bearer({ sub: 'ad', role: 'admin' }));
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('<html');
    const queues = await http
      .get('/admin/queues/api/queues')
      .set('Authorization', await bearer({ sub: 'ad', role: 'admin' }));
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(['zaitaku-jobs']);
  });

  it('says in /health which scheduler runs the jobs, how many runs failed and which schedules are missing', async () => {
    const health = await request(app.getHttpServer()).get('/health').expect(200);
    // No worker registered the schedules here: whichever Redis lacks are named (test/e2e/health.e2e.spec.ts).
    expect(health.body.jobs).toEqual({
      scheduler: 'bullmq',
      failedJobs: expect.any(Number),
      missingSchedules: expect.any(Array),
    });
  });

  it('without Redis, /health names the in-process scheduler', async () => {
    const port = await closedPort();
    const offline = await createApiApp(testRuntimeConfig({ REDIS_URL: `redis://127.0.0.1:${port}` }));
    await offline.init();
    try {
      const health = await request(offline.getHttpServer()).get('/health').expect(503);
      expect(health.body.jobs).toEqual({ scheduler: 'in-process', failedJobs: null, missingSchedules: null });
    } finally {
      await offline.close();
    }
  });
});
