import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore } from '#event-store';
import { systemClock } from '#platform';

/** The auditor's command line, as shipped (dist/scripts/cli.js, built by `npm test`'s pretest). */
const serverUrl = process.env.DATABASE_URL!;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('npm run cli -- audit', () => {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
  const database = `zaitaku_cli_${Date.now().toString(36)}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  let dir: string;
  const cli = (...args: string[]): Promise<Run> =>
    new Promise((resolve) =>
      execFile(
        process.execPath,
        ['dist/scripts/cli.js', ...args],
        { env: { ...process.env, DATABASE_URL: url, AUDIT_SIGNING_KEY_FILE: join(dir, 'signing.pem') } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zaitaku-cli-'));
    await admin.query(`CREATE DATABASE ${database}`);
    const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
    const metadata = { actorId: 'caseworker-1', actorRole: 'caseworker', correlationId: 'c-1' };
    for (const id of ['a', 'b', 'c'])
      await store.append(
        `case-${id}`,
        [1, 2].map((i) => ({
          id: uuidv7(),
          type: 'ThingRecorded',
          data: { i, 区市町村: '八王子市' },
          metadata,
        })),
        { expectedRevision: 'no_stream' },
      );
    await store.close();
    const { generateSigningKey } = await import('#event-store');
    await writeFile(join(dir, 'signing.pem'), generateSigningKey().privatePem);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
  });

  it('signs a checkpoint, verifies the live log, exports it and verifies the export offline; a tampered export exits 1 naming the event', async () => {
    expect(await cli('audit', 'checkpoint')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('checkpoint 1: 6 events'),
    });
    expect(await cli('audit', 'verify')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('no tampering found'),
    });

    const file = join(dir, 'log.jsonl');
    const publicKey = join(dir, 'public.pem');
    expect(await cli('audit', 'export', '--out', file, '--public-key-out', publicKey)).toMatchObject({
      code: 0,
    });
    expect(await cli('audit', 'verify', '--export', file, '--public-key', publicKey)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('6 events in 3 streams, 1 signed checkpoints checked'),
    });

    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('"i":2,"区市町村":"八王子市"', '"i":2,"区市町村":"立川市"'),
    );
    const tampered = await cli('audit', 'verify', '--export', file, '--public-key', publicKey);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/FIRST BROKEN LINK: 改ざん \(event altered\): case-a revision 1/);
  });

  it('refuses usage errors with exit code 2 and says what was wrong', async () => {
    expect(await cli('audit', 'verify', '--export', join(dir, 'none.jsonl'))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--public-key'),
    });
    expect(await cli('audit', 'sign')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown audit action "sign"'),
    });
  });
});
