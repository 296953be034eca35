import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../../scripts/faults/free-port.ts';
import { testRuntimeConfig } from './runtime-config.ts';

/**
 * The compiled worker entry point (npm test builds first) as its own process, as in a container:
 * SIGTERM must close the apps and their pools and exit 0, not be cut short by another signal handler.
 */
describe('worker process shutdown', () => {
  it('exits 0 after closing everything on SIGTERM', async () => {
    const config = testRuntimeConfig();
    const child = spawn(process.execPath, [resolve('dist/apps/worker/src/main.js')], {
      env: { ...process.env, DATABASE_URL: config.databaseUrl, REDIS_URL: config.redisUrl, LOG_LEVEL: 'log' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

    await waitFor(
      () => /redis: .* — up/.test(output),
      30_000,
      () => output,
    );
    child.kill('SIGTERM');
    const code = await exited;

    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/SIGTERM received: shutting down/);
    expect(output).toMatch(/\[Main\].*stopped/);
  });
});

/**
 * `npm start`'s entry (dist/scripts/start.js): the api on the main thread and the worker in a worker
 * thread of the same process. Both must start (the worker thread reports its connections), the api
 * answer, and one SIGTERM close the worker thread and the api and exit 0.
 */
describe('npm start process (api + worker thread) shutdown', () => {
  it('serves, runs the worker in its thread, and exits 0 after closing both on SIGTERM', async () => {
    const config = testRuntimeConfig();
    const port = await freePort();
    const child = spawn(process.execPath, [resolve('dist/scripts/start.js')], {
      env: {
        ...process.env,
        DATABASE_URL: config.databaseUrl,
        REDIS_URL: config.redisUrl,
        PORT: String(port),
        LOG_LEVEL: 'log',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

    let health: Response;
    let code: number | null;
    try {
      await waitFor(
        () => /Ctrl-C stops the api, the worker/.test(output) && /redis: .* — up/.test(output),
        100_000,
        () => output,
      );
      health = await fetch(`http://127.0.0.1:${port}/health`);
      child.kill('SIGTERM');
      code = await exited;
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }

    expect(health.status).toBe(200);
    // Idle connections outlive a load balancer's 60 s, so the client side always closes first.
    expect(health.headers.get('keep-alive')).toBe('timeout=65');
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/SIGTERM received: shutting down/);
    expect(output).toMatch(/\[Main\].*stopped/);
    expect(output).not.toMatch(/worker thread ended unexpectedly|while closing/);
  }, 150_000);
});

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
