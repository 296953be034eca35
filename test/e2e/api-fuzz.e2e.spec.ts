import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type http from 'node:http';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { fuzzPlan, operationsOf, type OpenApiDocument } from '../../scripts/api-fuzz/fuzz-plan.ts';
import { describeReport, runFuzz } from '../../scripts/api-fuzz/fuzz-run.ts';
import { fuzzTokens } from '../../scripts/api-fuzz/fuzz-tokens.ts';
import { startProjectionWorker, waitForReadModels } from './projection-worker.ts';
import { testRuntimeConfig } from './runtime-config.ts';

/** Small enough for CI; `npm run fuzz:api -- --requests 20000` runs the same generator at volume. */
const REQUESTS = 1_400;
const SEED = 20_261_129;

describe('fuzzing every route of the OpenAPI document (the real app, seeded)', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let document: OpenApiDocument;
  beforeAll(async () => {
    const config = testRuntimeConfig();
    // The worker's projections beside the api, as in production: a documented afterPosition that the
    // shared log has passed is then answered, not waited on until 503 READ_MODEL_NOT_CAUGHT_UP.
    worker = await startProjectionWorker();
    await waitForReadModels(worker);
    app = await createApiApp(config);
    await app.listen(0, '127.0.0.1');
    document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await worker?.close();
  });

  it('the plan is deterministic and covers every operation', () => {
    const plan = fuzzPlan(document, REQUESTS, SEED);
    expect(fuzzPlan(document, REQUESTS, SEED)).toEqual(plan);
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(40);
    expect(new Set(plan.map((r) => r.operation)).size).toBe(operations.length);
  });

  it(`${REQUESTS} requests: no 5xx, every error { error: string, message: string }`, async () => {
    const plan = fuzzPlan(document, REQUESTS, SEED);
    const report = await runFuzz(
      app.getHttpServer() as http.Server,
      plan,
      fuzzTokens(testRuntimeConfig().jwt.secret),
    );
    // On failure the message lists each violation: the request, its variant and the answer.
    expect(report.violations.length === 0 ? 'no violations' : describeReport(report)).toBe('no violations');
    // The fuzzing reached the handlers, not only the validation in front of them.
    expect([...report.byStatus.keys()].some((status) => status < 300)).toBe(true);
  }, 120_000);
});
