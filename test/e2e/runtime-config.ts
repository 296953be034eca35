import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type RuntimeConfig } from '#platform';

/**
 * A configuration for the real apps on the test databases, read through loadConfig like production:
 * the PostgreSQL of the test run (DATABASE_URL, set by Jest's global setup) and the local Redis.
 */
export function testRuntimeConfig(env: Record<string, string> = {}): RuntimeConfig {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: run the tests with `npm test`');
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'error',
    // The worker's audit checkpoints of the shared test database go to a witness of this run, not .data.
    AUDIT_WITNESS_DIR: join(tmpdir(), `zaitaku-test-witness-${process.pid}`),
    ...env,
  });
  return { ...config, databaseUrl: config.databaseUrl ?? databaseUrl, embeddedDatabase: false };
}
