import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { KeyObject } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '#platform';
import { chainHash, contentHash, GENESIS_HASH } from '../integrity/hash-chain.ts';
import type { NewEvent } from '../port/event-envelope.ts';
import { PostgresEventStore } from '../postgres/postgres-event-store.ts';
import { PostgresLogCheckpointStore } from './log-checkpoint-store.ts';
import { recordLogCheckpoint } from './log-checkpointer.ts';
import { exportLog } from './log-export.ts';
import { generateSigningKey, type SigningKey } from './signing-key.ts';
import { verifyLogExport, verifyStoredLog } from './verify-log.ts';

/**
 * Tamper evidence on real PostgreSQL: every scenario edits the database behind the store's back, as
 * someone with direct access could, and `audit verify` must name the first broken link. Each test
 * gets its own scratch database, because verification covers the whole log.
 */
const serverUrl = process.env.DATABASE_URL!;
const meta = { actorId: 'caseworker-7', actorRole: 'caseworker', correlationId: 'corr-audit' };
const events = (n: number, label: string): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    type: 'ThingRecorded',
    data: { label, i, note: '補助金' },
    metadata: meta,
  }));

describe('audit verify', () => {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 2 });
  const { key } = generateSigningKey();
  const trusted = new Map<string, KeyObject>([[key.keyId, key.publicKey]]);
  let database: string;
  let store: PostgresEventStore;
  let pool: pg.Pool;
  let checkpoints: PostgresLogCheckpointStore;

  beforeEach(async () => {
    database = `zaitaku_audit_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const url = withDatabase(serverUrl, database);
    store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
    pool = new pg.Pool({ connectionString: url, max: 4 });
    checkpoints = new PostgresLogCheckpointStore(pool);
    await checkpoints.ensureSchema();
    await writeHistory(store, checkpoints, key);
  });
  afterEach(async () => {
    await store.close();
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  });
  afterAll(async () => admin.end());

  const verify = async () => verifyStoredLog(store, await checkpoints.all(), trusted);

  it('given an untouched log with three signed checkpoints, finds nothing', async () => {
    const summary = await verify();
    expect(summary).toMatchObject({ events: 26, streams: 4, checkpoints: 3, findings: [] });
  });

  it('given an event whose data was edited in the database, names its stream and revision', async () => {
    await pool.query(
      `UPDATE event_store.events SET data = jsonb_set(data, '{note}', '"改ざん"')
        WHERE stream_id = 'case-b' AND revision = 2`,
    );
    const { findings } = await verify();
    expect(findings[0]).toMatchObject({ kind: 'event-altered', streamId: 'case-b', revision: 2 });
    expect(findings).toHaveLength(1); // resynchronized: the events after it are not reported too
  });

  it('given an event deleted from the middle of a stream, names the missing revision and the checkpoint', async () => {
    await pool.query(`DELETE FROM event_store.events WHERE stream_id = 'case-a' AND revision = 1`);
    const { findings } = await verify();
    expect(findings[0]).toMatchObject({
      kind: 'revision-gap',
      streamId: 'case-a',
      expectedRevision: 1,
      foundRevision: 2,
    });
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'checkpoint-mismatch', sequence: 1 }));
  });

  it('given an event inserted with a valid chain hash of its own, the signed checkpoint catches it', async () => {
    // The hash algorithm is public: a forger can start a new stream with a perfect chain and slip it
    // in before the others. Only the signed rolling hash stops that.
    const { rows } = await pool.query<{ position: string }>(
      'SELECT (min(global_position) - 1)::text AS position FROM event_store.events',
    );
    const forged = {
      id: uuidv7(),
      streamId: 'case-x',
      type: 'ThingRecorded',
      schemaVersion: 1,
      data: { forged: true },
      metadata: meta,
      recordedAt: new Date('2026-01-01T00:00:00.000Z'),
    };
    const hash = chainHash(GENESIS_HASH, contentHash(forged), 0);
    await pool.query(
      `INSERT INTO event_store.events (global_position, event_id, stream_id, category, revision, event_type,
         schema_version, data, metadata, recorded_at, hash)
       VALUES ($1, $2, 'case-x', 'case', 0, 'ThingRecorded', 1, $3, $4, $5, decode($6, 'hex'))`,
      [rows[0]!.position, forged.id, forged.data, meta, forged.recordedAt, hash],
    );
    const { findings } = await verify();
    expect(findings[0]).toMatchObject({
      kind: 'checkpoint-mismatch',
      sequence: 1,
      signedEventCount: 10,
      foundEventCount: 11,
    });
  });

  it('given a whole stream removed, names the stream and the checkpoint that saw it', async () => {
    await pool.query(`DELETE FROM event_store.events WHERE stream_id = 'case-d'`);
    const { findings } = await verify();
    expect(findings).toContainEqual(
      expect.objectContaining({
        kind: 'stream-removed',
        streamId: 'case-d',
        signedRevision: 5,
        foundRevision: null,
      }),
    );
  });

  it('given the last events of a stream deleted, says the stream was truncated', async () => {
    await pool.query(`DELETE FROM event_store.events WHERE stream_id = 'case-a' AND revision >= 6`);
    const { findings } = await verify();
    expect(findings).toContainEqual(
      expect.objectContaining({
        kind: 'stream-truncated',
        streamId: 'case-a',
        signedRevision: 7,
        foundRevision: 5,
      }),
    );
  });

  it('given a checkpoint edited or removed, says which', async () => {
    await pool.query(
      `UPDATE audit.log_checkpoints SET checkpoint = jsonb_set(checkpoint, '{eventCount}', '9') WHERE sequence = 1`,
    );
    expect((await verify()).findings[0]).toMatchObject({ kind: 'checkpoint-signature-invalid', sequence: 1 });
    await pool.query('DELETE FROM audit.log_checkpoints WHERE sequence = 2');
    expect((await verify()).findings).toContainEqual(
      expect.objectContaining({ kind: 'checkpoint-chain-broken', sequence: 3 }),
    );
  });

  it('given checkpoints signed by a key that is not trusted, says so', async () => {
    const { findings } = await verifyStoredLog(store, await checkpoints.all(), new Map());
    expect(findings.map((f) => f.kind)).toEqual([
      'checkpoint-unknown-key',
      'checkpoint-unknown-key',
      'checkpoint-unknown-key',
    ]);
  });

  describe('offline, from an export', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'zaitaku-export-'));
    });

    const exportTo = async (name: string): Promise<string> => {
      const path = join(dir, name);
      const out = createWriteStream(path);
      await exportLog(store, await checkpoints.all(), out, new Date('2030-04-01T00:00:00Z'));
      out.end();
      await finished(out);
      return path;
    };

    it('given an untouched export and the public key, finds nothing', async () => {
      const summary = await verifyLogExport(await exportTo('clean.jsonl'), trusted);
      expect(summary).toMatchObject({ events: 26, checkpoints: 3, findings: [] });
    });

    it('given an export with one event edited, names it', async () => {
      const path = await exportTo('edited.jsonl');
      const lines = (await readFile(path, 'utf8')).split('\n');
      const at = lines.findIndex((l) => l.includes('"streamId":"case-d"') && l.includes('"revision":3'));
      lines[at] = lines[at]!.replace('補助金', '改ざん');
      await writeFile(path, lines.join('\n'));
      const { findings } = await verifyLogExport(path, trusted);
      expect(findings[0]).toMatchObject({ kind: 'event-altered', streamId: 'case-d', revision: 3 });
    });

    it('given a cut-off export, refuses it and names the line', async () => {
      const path = await exportTo('cut.jsonl');
      const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
      await writeFile(path, lines.slice(0, -3).join('\n'));
      await expect(verifyLogExport(path, trusted)).rejects.toMatchObject({
        code: 'INVALID_EXPORT',
        message: expect.stringContaining('cut off'),
      });
    });
  });
});

/** 26 events in 4 streams, multi-event appends, a checkpoint after each of three phases. */
async function writeHistory(
  store: PostgresEventStore,
  checkpoints: PostgresLogCheckpointStore,
  key: SigningKey,
): Promise<void> {
  const at = (day: number) => new Date(Date.UTC(2026, 3, day));
  await store.append('case-a', events(4, 'a'), { expectedRevision: 'no_stream' });
  await store.append('case-b', events(3, 'b'), { expectedRevision: 'no_stream' });
  await store.append('case-c', events(3, 'c'), { expectedRevision: 'no_stream' });
  await recordLogCheckpoint(store, checkpoints, key, at(1));
  await store.append('case-d', events(6, 'd'), { expectedRevision: 'no_stream' });
  await store.append('case-b', events(2, 'b'), { expectedRevision: 2 });
  await recordLogCheckpoint(store, checkpoints, key, at(2));
  await store.append('case-a', events(4, 'a'), { expectedRevision: 3 });
  await store.append('case-c', events(4, 'c'), { expectedRevision: 2 });
  await recordLogCheckpoint(store, checkpoints, key, at(3));
  // Nothing appended since: no new checkpoint.
  await recordLogCheckpoint(store, checkpoints, key, at(4));
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
