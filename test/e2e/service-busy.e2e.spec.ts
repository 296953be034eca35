import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Post, type INestApplication } from '@nestjs/common';
import type pg from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import request from 'supertest';
import { READ_DATABASE } from '#platform';
import { READ_MODEL_DATA_SOURCE } from '#projections';
import { Roles } from '../../apps/api/src/auth/access.decorators.ts';
import { appWith, bearer } from './access-app.ts';
import { testRuntimeConfig } from './runtime-config.ts';

/** Counts how often the command really ran. */
let runs = 0;

@Controller('probe/busy')
@Roles('caseworker')
class BusyProbeController {
  @Post()
  run(): object {
    runs += 1;
    return { run: runs };
  }
}

const SERVICE_BUSY = {
  error: 'SERVICE_BUSY',
  message: 'every database connection of the api is busy: retry after 1 s',
  retryAfterSeconds: 1,
};

describe('a pool with every connection taken: 503 SERVICE_BUSY with Retry-After, never a 500 (real PostgreSQL)', () => {
  let app: INestApplication;
  let caseworker: string;
  beforeAll(async () => {
    // Tiny pools, as configured in production (READ_MODEL_POOL_SIZE), so the test can take them all.
    app = await appWith([BusyProbeController], testRuntimeConfig({ READ_MODEL_POOL_SIZE: '2' }));
    caseworker = await bearer({ sub: `staff-${randomUUID()}`, role: 'caseworker' });
  });
  afterAll(async () => app?.close());

  it('a read-model query waiting longer than the pool allows answers 503 SERVICE_BUSY; once freed, 200', async () => {
    const dataSource = app.get<DataSource>(READ_MODEL_DATA_SOURCE);
    const held: QueryRunner[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const runner = dataSource.createQueryRunner();
        await runner.connect();
        held.push(runner);
      }
      const busy = await request(app.getHttpServer()).get('/work-queue').set('Authorization', caseworker);
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('1');
      expect(busy.headers['content-type']).toMatch(/^application\/json/);
      expect(busy.body).toEqual(SERVICE_BUSY);
    } finally {
      await Promise.all(held.map((runner) => runner.release()));
    }
    await request(app.getHttpServer()).get('/work-queue').set('Authorization', caseworker).expect(200);
  });

  it('a command whose Idempotency-Key cannot be claimed answers 503, runs nothing and keeps no key', async () => {
    const pool = app.get<pg.Pool>(READ_DATABASE);
    const held: pg.PoolClient[] = [];
    const key = randomUUID();
    const post = () =>
      request(app.getHttpServer())
        .post('/probe/busy')
        .set('Authorization', caseworker)
        .set('Idempotency-Key', key)
        .send({});
    const before = runs;
    try {
      while (held.length < pool.options.max) held.push(await pool.connect());
      const busy = await post();
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('1');
      expect(busy.body).toEqual(SERVICE_BUSY);
      expect(runs).toBe(before);
    } finally {
      for (const client of held) client.release();
    }
    // The retry with the same key runs as a new request: the 503 stored neither an answer nor the key.
    const retried = await post();
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(runs).toBe(before + 1);
  });
});
