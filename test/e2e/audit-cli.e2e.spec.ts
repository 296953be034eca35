import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore } from '#event-store';
import { systemClock } from '#platform';
import { runCli } from './cli-process.ts';

/** The auditor's command line, as shipped (dist/scripts/cli.js, built by `npm test`'s pretest). */
const serverUrl = process.env.DATABASE_URL!;

describe('npm run cli -- audit', () => {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
  const database = `zaitaku_cli_${Date.now().toString(36)}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  let dir: string;
  const cli = (...args: string[]) =>
    runCli(args, {
      DATABASE_URL: url,
      AUDIT_SIGNING_KEY_FILE: join(dir, 'signing.pem'),
      AUDIT_WITNESS_DIR: join(dir, 'witness'),
    });

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
    await settled(store);
    await store.close();
    const { generateSigningKey } = await import('#event-store');
    await writeFile(join(dir, 'signing.pem'), generateSigningKey().privatePem);
  });
  /** The stable prefix (what checkpoints sign) reaches every event written; a shared server's open transactions delay it. */
  async function settled(store: PostgresEventStore): Promise<void> {
    const written =
      (await store.readAll({ consistency: 'committed', maxCount: 1_000 })).at(-1)?.position ?? 0n;
    for (const started = Date.now(); Date.now() - started < 60_000;) {
      if ((await store.headPosition()) >= written) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

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

  it('proves one event and the growth between two checkpoints; the proofs verify offline with the public key, altered ones exit 1', async () => {
    const store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
    const metadata = { actorId: 'caseworker-1', actorRole: 'caseworker', correlationId: 'c-2' };
    await store.append('case-d', [{ id: uuidv7(), type: 'ThingRecorded', data: { i: 1 }, metadata }], {
      expectedRevision: 'no_stream',
    });
    await settled(store);
    const [event] = await store.readStream('case-b', { fromRevision: 1, maxCount: 1 });
    await store.close();
    expect(await cli('audit', 'checkpoint')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /checkpoint 2: 7 events up to position \d+, tree head [0-9a-f]{64}, witnessed in witness file .*log-checkpoints\.jsonl/,
      ),
    });
    const publicKey = join(dir, 'public-2.pem');
    await writeFile(
      publicKey,
      createPublicKey(createPrivateKey(await readFile(join(dir, 'signing.pem'), 'utf8'))).export({
        type: 'spki',
        format: 'pem',
      }),
    );

    const inclusion = join(dir, 'inclusion.json');
    expect(await cli('audit', 'prove', '--event', event!.id, '--out', inclusion)).toMatchObject({ code: 0 });
    expect(await cli('audit', 'verify', '--proof', inclusion, '--public-key', publicKey)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`OK: event ${event!.id} (case-b revision 1, ThingRecorded) is leaf 3`),
    });
    await writeFile(inclusion, (await readFile(inclusion, 'utf8')).replace('八王子市', '立川市'));
    expect(await cli('audit', 'verify', '--proof', inclusion, '--public-key', publicKey)).toMatchObject({
      code: 1,
      stdout: expect.stringContaining(`PROOF INVALID: event ${event!.id} does not match its hash`),
    });

    const consistency = join(dir, 'consistency.json');
    expect(await cli('audit', 'prove', '--from', '1', '--to', 'size:7', '--out', consistency)).toMatchObject({
      code: 0,
    });
    const verified = await cli('audit', 'verify', '--proof', consistency, '--public-key', publicKey);
    // Checkpoint 1 was signed in the first test by this key but as its first tree head: 6 events.
    expect(verified).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(
        'the 7-event log signed at checkpoint 2 extends the 6-event log signed at checkpoint 1',
      ),
    });
    const proof = JSON.parse(await readFile(consistency, 'utf8'));
    proof.to.treeRoot = proof.from.treeRoot;
    await writeFile(consistency, JSON.stringify(proof));
    expect(await cli('audit', 'verify', '--proof', consistency, '--public-key', publicKey)).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('PROOF INVALID: checkpoint 2: the signature does not match'),
    });
  });

  it('names a category edit, a swap across streams, and a wiped checkpoint table with its tail (from the witness)', async () => {
    const db = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const row = async (stream: string, revision: number) =>
        (
          await db.query<{ position: string; id: string }>(
            'SELECT global_position::text AS position, event_id::text AS id FROM event_store.events WHERE stream_id = $1 AND revision = $2',
            [stream, revision],
          )
        ).rows[0]!;
      const b0 = await row('case-b', 0);
      await db.query(`UPDATE event_store.events SET category = 'trainingX' WHERE event_id = $1`, [b0.id]);
      const category = await cli('audit', 'verify');
      expect(category.code).toBe(1);
      expect(category.stdout).toContain(
        `FIRST BROKEN LINK: 改ざん (column category altered): event ${b0.id} (case-b revision 0, position ${b0.position}) has category "trainingX"; its stream id gives "case"`,
      );
      await db.query(`UPDATE event_store.events SET category = 'case' WHERE event_id = $1`, [b0.id]);
      expect(await cli('audit', 'verify')).toMatchObject({ code: 0 });

      const [a1, c0] = [await row('case-a', 1), await row('case-c', 0)];
      const swap = async () => {
        await db.query('UPDATE event_store.events SET global_position = -1 WHERE global_position = $1', [
          a1.position,
        ]);
        await db.query('UPDATE event_store.events SET global_position = $1 WHERE global_position = $2', [
          a1.position,
          c0.position,
        ]);
        await db.query('UPDATE event_store.events SET global_position = $1 WHERE global_position = -1', [
          c0.position,
        ]);
      };
      await swap();
      const swapped = await cli('audit', 'verify');
      expect(swapped.code).toBe(1);
      expect(swapped.stdout).toContain(
        `位置の入れ替え (event moved): position ${a1.position} held event ${a1.id} when signed (leaf 1); it now holds event ${c0.id} (case-c revision 0)`,
      );
      expect(swapped.stdout).toContain(
        `position ${c0.position} held event ${c0.id} when signed (leaf 4); it now holds event ${a1.id} (case-a revision 1)`,
      );
      await swap(); // back
      expect(await cli('audit', 'verify')).toMatchObject({ code: 0 });

      await db.query(
        `DELETE FROM audit.log_checkpoints; DELETE FROM event_store.events WHERE stream_id = 'case-d'`,
      );
      const wiped = await cli('audit', 'verify');
      expect(wiped.code).toBe(1);
      expect(wiped.stdout).toMatch(
        /FIRST BROKEN LINK: チェックポイント 1 \(checkpoint-missing-from-table\): the witness file .* holds checkpoint 1 \(6 events/,
      );
      expect(wiped.stdout).toContain('チェックポイント 2 (checkpoint-missing-from-table)');
      expect(wiped.stdout).toContain(
        'ストリーム削除 (stream removed): case-d ended at revision 0 at checkpoint 2',
      );
      expect(wiped.stdout).toContain('7 events signed, 6 found');
    } finally {
      await db.end();
    }
  });

  it('refuses usage errors with exit code 2 and says what was wrong', async () => {
    expect(await cli('audit', 'prove')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('audit prove needs --event ID, or --from and --to'),
    });
    expect(await cli('audit', 'prove', '--from', 'size:99', '--to', '1')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--from size:99: no checkpoint signs a tree of 99 events'),
    });
    expect(await cli('audit', 'verify', '--proof', join(dir, 'none.json'))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--public-key'),
    });
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
