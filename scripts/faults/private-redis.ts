import { execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';
import { startServerProcess } from './server-process.ts';

/**
 * A redis-server of the caller's own on a free loopback port, without persistence (`--save ""
 * --appendonly no`), so that a restart comes back empty, as in the defect report. Never the shared one.
 */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** `redis-cli shutdown nosave`, then waits for the process to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty). */
  start(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let server: ChildProcess | undefined;
  const start = async () => {
    server = await startServerProcess(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      /[Rr]eady to accept connections/,
    );
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop: async () => {
      const running = server;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      await promisify(execFile)('redis-cli', ['-p', String(port), 'shutdown', 'nosave']).catch(() =>
        running.kill('SIGKILL'),
      );
      await exited;
      server = undefined;
    },
  };
}
