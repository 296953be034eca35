/**
 * `npm run fuzz:api [-- --requests 20000 --seed 1 --concurrency 4]`
 *
 * The e2e fuzz test (test/e2e/api-fuzz.e2e.spec.ts) at volume: builds the real api (createApiApp) on
 * DATABASE_URL / REDIS_URL (or the embedded PostgreSQL), reads its OpenAPI document from /docs-json,
 * and sends `--requests` generated requests (scripts/api-fuzz/fuzz-plan.ts) to every operation, on
 * loopback only. Prints the count per status and every violation (a 5xx, or an error answer that is
 * not `{ error: string, message: string }`); exit 1 on any violation, 2 on bad arguments.
 * Commands it sends may succeed: run it on a development or scratch database, never on production data.
 */
import type http from 'node:http';
import { loadConfig, provideDatabase } from '#platform';
import { createApiApp } from '../apps/api/src/create-api-app.ts';
import { OPENAPI_PATH } from '../apps/api/src/open-api.ts';
import { fuzzPlan, type OpenApiDocument } from './api-fuzz/fuzz-plan.ts';
import { describeReport, runFuzz } from './api-fuzz/fuzz-run.ts';
import { fuzzTokens } from './api-fuzz/fuzz-tokens.ts';
import { benchArgs } from './bench-database.ts';

const args = benchArgs();
const REQUESTS = Number(args.get('requests') ?? 5_000);
const SEED = Number(args.get('seed') ?? Date.now() % 1_000_000);
const CONCURRENCY = Number(args.get('concurrency') ?? 4);

const problems = [
  ...(Number.isSafeInteger(REQUESTS) && REQUESTS >= 1 && REQUESTS <= 1_000_000
    ? []
    : [`--requests ${JSON.stringify(args.get('requests'))}: expected an integer from 1 to 1,000,000`]),
  ...(Number.isSafeInteger(SEED) ? [] : [`--seed ${JSON.stringify(args.get('seed'))}: expected an integer`]),
  ...(Number.isSafeInteger(CONCURRENCY) && CONCURRENCY >= 1 && CONCURRENCY <= 64
    ? []
    : [`--concurrency ${JSON.stringify(args.get('concurrency'))}: expected an integer from 1 to 64`]),
];
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(2);
}

const database = await provideDatabase(loadConfig(process.env), console);
// Quiet: the requests are meant to be refused; only the report is printed.
const config = { ...database.config, logLevel: 'fatal' as const };
const app = await createApiApp(config);
let exitCode: number;
try {
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as http.Server;
  const address = await app.getUrl();
  const document = (await (await fetch(`${address}/${OPENAPI_PATH}-json`)).json()) as OpenApiDocument;
  const plan = fuzzPlan(document, REQUESTS, SEED);
  console.log(`fuzzing ${address}: ${plan.length} requests, seed ${SEED}, ${CONCURRENCY} at a time`);
  const started = performance.now();
  const report = await runFuzz(server, plan, fuzzTokens(config.jwt.secret), CONCURRENCY);
  console.log(describeReport(report));
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  exitCode = report.violations.length === 0 ? 0 : 1;
} finally {
  await app.close();
  await database.stop();
}
process.exit(exitCode);
