import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
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

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
