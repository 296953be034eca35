import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type http from 'node:http';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { fuzzPlan, operationsOf, type OpenApiDocument } from '../../scripts/api-fuzz/fuzz-plan.ts';
import { describeReport, runFuzz } from '../../scripts/api-fuzz/fuzz-run.ts';
import { fuzzTokens } from '../../scripts/api-fuzz/fuzz-tokens.ts';
import { testRuntimeConfig } from './runtime-config.ts';

/** Small enough for CI; `npm run fuzz:api -- --requests 20000` runs the same generator at volume. */
const REQUESTS = 1_400;
const SEED = 20_261_129;

describe('fuzzing every route of the OpenAPI document (the real app, seeded)', () => {
  let app: INestApplication;
  let document: OpenApiDocument;
  beforeAll(async () => {
    const config = testRuntimeConfig();
    app = await createApiApp(config);
    await app.listen(0, '127.0.0.1');
    document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
  });
  afterAll(async () => app?.close());

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
