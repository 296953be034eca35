import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { KeyObject } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '../port/clock.ts';
import { chainHash, contentHash, GENESIS_HASH } from '../integrity/hash-chain.ts';
import type { NewEvent } from '../port/event-envelope.ts';
import { PostgresEventStore } from '../postgres/postgres-event-store.ts';
import { withDatabase } from '../postgres/testing-drop-database.ts';
import { DirectoryWitness, WITNESS_FILE } from './directory-witness.ts';
import { PostgresLogCheckpointStore } from './log-checkpoint-store.ts';
import { recordLogCheckpoint } from './log-checkpointer.ts';
import { LogCheckpointTrigger } from './log-checkpoint-trigger.ts';
import { proveConsistency, proveInclusion, verifyLogProof } from './log-proof.ts';
import { signLogCheckpoint } from './log-checkpoint.ts';
import { checkStoredColumns } from './stored-column-check.ts';
import { exportLog } from './log-export.ts';
import { generateSigningKey, type SigningKey } from './signing-key.ts';
import { verifyLogExport, verifyStoredLog } from './verify-log.ts';
import { verifySinceNewestCheckpoint } from './verify-since-checkpoint.ts';

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
  let witnessDir: string;
  let witness: DirectoryWitness;

  beforeEach(async () => {
    witnessDir = await mkdtemp(join(tmpdir(), 'zaitaku-witness-'));
    witness = new DirectoryWitness(witnessDir);
    database = `zaitaku_audit_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const url = withDatabase(serverUrl, database);
    store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
    pool = new pg.Pool({ connectionString: url, max: 4 });
    checkpoints = new PostgresLogCheckpointStore(pool);
    await writeHistory(store, checkpoints, key, witness);
  });
  afterEach(async () => {
    await store.close();
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  });
  afterAll(async () => admin.end());

  /** What `audit verify` runs: the table, the witness, the signed leaves and the stored columns. */
  const verify = async () =>
    verifyStoredLog(store, await checkpoints.all(), trusted, {
      witness: new DirectoryWitness(witnessDir),
      leaves: (limit) => checkpoints.leaves(0, limit),
      storedColumns: () => checkStoredColumns(pool),
    });
  const at = async (streamId: string, revision: number) => {
    const { rows } = await pool.query<{ position: string; id: string }>(
      'SELECT global_position::text AS position, event_id::text AS id FROM event_store.events WHERE stream_id = $1 AND revision = $2',
      [streamId, revision],
    );
    return rows[0]!;
  };
  const located = (
    kind: string,
    position: string,
    signedEventId: string | null,
    foundEventId: string | null,
  ) => expect.objectContaining({ kind, position, signedEventId, foundEventId });

  it('given an untouched log with three signed checkpoints, finds nothing', async () => {
    const summary = await verify();
    expect(summary).toMatchObject({ events: 26, streams: 4, checkpoints: 3, findings: [] });
    const signed = await checkpoints.all();
    expect(signed.map((c) => [c.version, c.eventCount])).toEqual([
      [2, 10],
      [2, 18],
      [2, 26],
    ]);
    expect(await new DirectoryWitness(witnessDir).all()).toEqual(signed);
  });

  describe('each stored column edited in the database is named', () => {
    const editOne = async (set: string, streamId = 'case-b', revision = 2) =>
      pool.query(`UPDATE event_store.events SET ${set} WHERE stream_id = $1 AND revision = $2`, [
        streamId,
        revision,
      ]);

    it.each([
      ['metadata', `metadata = jsonb_set(metadata, '{actorId}', '"caseworker-9"')`],
      ['event_type', `event_type = 'ThingForged'`],
      ['schema_version', 'schema_version = 2'],
      ['recorded_at', `recorded_at = recorded_at + interval '1 millisecond'`],
      ['event_id', `event_id = '${uuidv7()}'`],
    ])('given %s edited on one row, names that event and nothing else', async (_column, set) => {
      const { id } = await at('case-b', 2);
      await editOne(set);
      const { findings } = await verify();
      expect(findings).toEqual([
        expect.objectContaining({ kind: 'event-altered', streamId: 'case-b', revision: 2 }),
      ]);
      if (!set.startsWith('event_id')) expect(findings[0]).toMatchObject({ eventId: id });
    });

    it('given category edited (not hashed: it derives from the stream id), names the event, the stored and the expected value', async () => {
      const { id, position } = await at('case-b', 2);
      await editOne(`category = 'caseX'`);
      const { findings } = await verify();
      expect(findings).toEqual([
        {
          kind: 'derived-column-mismatch',
          column: 'category',
          stored: 'caseX',
          expected: 'case',
          streamId: 'case-b',
          revision: 2,
          eventId: id,
          position,
        },
      ]);
    });

    it('given stream_id edited, names the revision missing from the old stream and the stray one in the new', async () => {
      await editOne(`stream_id = 'case-z'`);
      const { findings } = await verify();
      expect(findings[0]).toMatchObject({
        kind: 'revision-gap',
        streamId: 'case-z',
        expectedRevision: 0,
        foundRevision: 2,
      });
      expect(findings).toContainEqual(
        expect.objectContaining({
          kind: 'revision-gap',
          streamId: 'case-b',
          expectedRevision: 2,
          foundRevision: 3,
        }),
      );
    });

    it('given revision edited, names the stream and the revision found', async () => {
      await editOne('revision = 9', 'case-b', 4);
      const { findings } = await verify();
      expect(findings).toEqual([
        expect.objectContaining({
          kind: 'revision-gap',
          streamId: 'case-b',
          expectedRevision: 4,
          foundRevision: 9,
        }),
      ]);
    });

    it('given hash edited, names the event and the signed leaf it no longer matches', async () => {
      const { id, position } = await at('case-c', 1);
      await editOne(`hash = sha256('forged'::bytea)`, 'case-c', 1);
      const { findings } = await verify();
      expect(findings[0]).toMatchObject({
        kind: 'event-altered',
        streamId: 'case-c',
        revision: 1,
        eventId: id,
      });
      expect(findings).toContainEqual(located('leaf-mismatch', position, id, id));
      expect(findings).toContainEqual(expect.objectContaining({ kind: 'checkpoint-mismatch', sequence: 1 }));
    });

    it('given global_position edited without changing the order, the tree head and the signed leaf name it', async () => {
      const { id, position } = await at('case-a', 7); // the last of a four-event append, not the last event signed: position + 1 is free
      const moved = (BigInt(position) + 1n).toString();
      await editOne('global_position = global_position + 1', 'case-a', 7);
      const { findings } = await verify();
      expect(findings[0]).toMatchObject({
        kind: 'checkpoint-mismatch',
        sequence: 3,
        signedEventCount: 26,
        foundEventCount: 26, // same events, same order: only the tree head, which covers positions, differs
      });
      expect(findings).toContainEqual(located('signed-event-missing', position, id, null));
      expect(findings).toContainEqual(located('unsigned-event-inserted', moved, null, id));
    });

    it('given global_position set beyond any issued transaction id, names the event', async () => {
      const { id } = await at('case-c', 6);
      await editOne(`global_position = ${(1n << 62n).toString()}`, 'case-c', 6);
      const { findings } = await verify();
      expect(findings).toContainEqual(
        expect.objectContaining({
          kind: 'position-out-of-range',
          eventId: id,
          streamId: 'case-c',
          revision: 6,
        }),
      );
    });
  });

  describe('reordering is located to the events involved', () => {
    const swap = async (a: { position: string }, b: { position: string }) => {
      await pool.query(`UPDATE event_store.events SET global_position = -1 WHERE global_position = $1`, [
        a.position,
      ]);
      await pool.query(`UPDATE event_store.events SET global_position = $1 WHERE global_position = $2`, [
        a.position,
        b.position,
      ]);
      await pool.query(`UPDATE event_store.events SET global_position = $1 WHERE global_position = -1`, [
        b.position,
      ]);
    };

    it('given two events of one stream swapped, names the revisions out of order and both positions', async () => {
      const [one, two] = [await at('case-a', 1), await at('case-a', 2)];
      await swap(one, two);
      const { findings } = await verify();
      expect(findings[0]).toMatchObject({
        kind: 'revision-gap',
        streamId: 'case-a',
        expectedRevision: 1,
        foundRevision: 2,
      });
      expect(findings).toContainEqual(located('leaf-mismatch', one.position, one.id, two.id));
      expect(findings).toContainEqual(located('leaf-mismatch', two.position, two.id, one.id));
    });

    it('given two events of different streams swapped (every stream still in order), names both events and positions', async () => {
      const [a3, c0] = [await at('case-a', 3), await at('case-c', 0)];
      await swap(a3, c0);
      const { findings } = await verify();
      expect(findings.filter((f) => f.kind === 'revision-gap' || f.kind === 'event-altered')).toEqual([]);
      expect(findings[0]).toMatchObject({
        kind: 'checkpoint-mismatch',
        sequence: 1,
        signedEventCount: 10,
        foundEventCount: 10,
      });
      expect(findings.filter((f) => f.kind === 'leaf-mismatch')).toEqual([
        expect.objectContaining({
          position: a3.position,
          signedEventId: a3.id,
          foundEventId: c0.id,
          streamId: 'case-c',
          revision: 0,
        }),
        expect.objectContaining({
          position: c0.position,
          signedEventId: c0.id,
          foundEventId: a3.id,
          streamId: 'case-a',
          revision: 3,
        }),
      ]);
    });
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
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'signed-event-missing', leafIndex: 1 }));
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

  it('given a checkpoint edited or removed, says which (without a witness: by signature and chain)', async () => {
    const tableOnly = async () => verifyStoredLog(store, await checkpoints.all(), trusted);
    await pool.query(
      `UPDATE audit.log_checkpoints SET checkpoint = jsonb_set(checkpoint, '{eventCount}', '9') WHERE sequence = 1`,
    );
    expect((await tableOnly()).findings[0]).toMatchObject({
      kind: 'checkpoint-signature-invalid',
      sequence: 1,
    });
    expect((await verify()).findings[0]).toMatchObject({ kind: 'checkpoint-witness-mismatch', sequence: 1 });
    await pool.query('DELETE FROM audit.log_checkpoints WHERE sequence = 2');
    expect((await tableOnly()).findings).toContainEqual(
      expect.objectContaining({ kind: 'checkpoint-chain-broken', sequence: 3 }),
    );
  });

  describe('from the newest signed checkpoint, of bounded cost (GET /audit/verification)', () => {
    const since = async (maxEvents?: number, keys: ReadonlyMap<string, KeyObject> = trusted) => {
      const checkpoint = await checkpoints.latest();
      const previous = await checkpoints.bySequence(checkpoint!.sequence - 1);
      return verifySinceNewestCheckpoint(store, { checkpoint, previous }, keys, maxEvents);
    };
    beforeEach(async () => {
      await store.append('case-b', events(2, 'b'), { expectedRevision: 4 });
      await store.append('case-e', events(1, 'e'), { expectedRevision: 'no_stream' });
      await settled(store);
    });

    it('given an untouched log, checks the newest checkpoint and the three events after it, and finds nothing', async () => {
      const result = await since();
      expect(result).toMatchObject({ eventsChecked: 3, complete: true, findings: [] });
      expect(result.checkpoint).toMatchObject({ sequence: 3, eventCount: 26 });
      const last = (await store.readAll({ after: 0n })).at(-1)!;
      expect(result.checkedUpTo).toBe(last.position.toString());
    });

    it('stops at the bound and says the tail was not verified whole', async () => {
      expect(await since(2)).toMatchObject({ eventsChecked: 2, complete: false, findings: [] });
      expect(await since(3)).toMatchObject({ eventsChecked: 3, complete: true });
    });

    it('given an event after the checkpoint edited, names it (its chain picked up from the stored event before it)', async () => {
      await pool.query(
        `UPDATE event_store.events SET data = jsonb_set(data, '{note}', '"改ざん"')
          WHERE stream_id = 'case-b' AND revision = 6`,
      );
      expect((await since()).findings).toEqual([
        expect.objectContaining({ kind: 'event-altered', streamId: 'case-b', revision: 6 }),
      ]);
    });

    it('given a stream the newest checkpoint signed truncated, says so', async () => {
      await pool.query(`DELETE FROM event_store.events WHERE stream_id = 'case-a' AND revision >= 6`);
      expect((await since()).findings).toEqual([
        expect.objectContaining({
          kind: 'stream-truncated',
          streamId: 'case-a',
          signedRevision: 7,
          foundRevision: 5,
        }),
      ]);
    });

    it('given the newest checkpoint edited, or signed by a key not trusted, says so', async () => {
      expect((await since(undefined, new Map())).findings).toContainEqual(
        expect.objectContaining({ kind: 'checkpoint-unknown-key', sequence: 3 }),
      );
      await pool.query(
        `UPDATE audit.log_checkpoints SET checkpoint = jsonb_set(checkpoint, '{eventCount}', '25') WHERE sequence = 3`,
      );
      expect((await since()).findings).toContainEqual(
        expect.objectContaining({ kind: 'checkpoint-signature-invalid', sequence: 3 }),
      );
    });

    it('given the checkpoint before the newest replaced, the link between them is broken', async () => {
      const second = (await checkpoints.bySequence(2))!;
      const forged = signLogCheckpoint({ ...second, rollingHash: GENESIS_HASH }, key.privateKey);
      await pool.query('UPDATE audit.log_checkpoints SET checkpoint = $1 WHERE sequence = 2', [forged]);
      expect((await since()).findings).toEqual([
        expect.objectContaining({ kind: 'checkpoint-chain-broken', sequence: 3 }),
      ]);
    });
  });

  describe('the witness outside the database', () => {
    it('given a checkpoint row deleted, names it from the witness and still checks the log against it', async () => {
      await pool.query('DELETE FROM audit.log_checkpoints WHERE sequence = 2');
      const { findings } = await verify();
      expect(findings).toEqual([
        expect.objectContaining({ kind: 'checkpoint-missing-from-table', sequence: 2 }),
      ]);
    });

    it('given the checkpoint table, the signed leaves and the tail wiped, the witness names every checkpoint lost and the events missing', async () => {
      await pool.query('DELETE FROM audit.log_checkpoints; DELETE FROM audit.log_leaves');
      await pool.query(`DELETE FROM event_store.events WHERE stream_id = 'case-c' AND revision >= 5`);
      const { findings } = await verify();
      expect(findings.slice(0, 3)).toEqual(
        [1, 2, 3].map((sequence) =>
          expect.objectContaining({ kind: 'checkpoint-missing-from-table', sequence }),
        ),
      );
      expect(findings).toContainEqual(
        expect.objectContaining({
          kind: 'checkpoint-mismatch',
          sequence: 3,
          signedEventCount: 26,
          foundEventCount: 24,
        }),
      );
      expect(findings).toContainEqual(
        expect.objectContaining({
          kind: 'stream-truncated',
          sequence: 3,
          streamId: 'case-c',
          signedRevision: 6,
          foundRevision: 4,
        }),
      );
      expect(findings).toContainEqual(
        expect.objectContaining({ kind: 'signed-leaves-altered', sequence: 1 }),
      );
    });

    it('given events deleted after a checkpoint whose row was then deleted too, the witness still names them', async () => {
      await store.append('case-e', events(3, 'e'), { expectedRevision: 'no_stream' });
      await settled(store);
      await recordLogCheckpoint(store, checkpoints, key, new Date('2026-04-05T00:00:00Z'), { witness });
      const ids = (await store.readStream('case-e')).map((e) => ({
        id: e.id,
        position: e.position.toString(),
      }));
      await pool.query(`DELETE FROM event_store.events WHERE stream_id = 'case-e'`);
      await pool.query('DELETE FROM audit.log_checkpoints WHERE sequence = 4');
      const { findings } = await verify();
      expect(findings[0]).toMatchObject({ kind: 'checkpoint-missing-from-table', sequence: 4 });
      expect(findings).toContainEqual(
        expect.objectContaining({
          kind: 'checkpoint-mismatch',
          sequence: 4,
          signedEventCount: 29,
          foundEventCount: 26,
        }),
      );
      expect(findings).toContainEqual(
        expect.objectContaining({ kind: 'stream-removed', sequence: 4, streamId: 'case-e' }),
      );
      for (const e of ids)
        expect(findings).toContainEqual(located('signed-event-missing', e.position, e.id, null));
    });

    it('given events deleted before any checkpoint signed them, nothing can name them (the bound is the checkpoint interval)', async () => {
      await store.append('case-e', events(3, 'e'), { expectedRevision: 'no_stream' });
      await pool.query(`DELETE FROM event_store.events WHERE stream_id = 'case-e'`);
      expect((await verify()).findings).toEqual([]);
    });

    it('given the witness file deleted, names every checkpoint it no longer holds', async () => {
      await rm(join(witnessDir, WITNESS_FILE));
      const { findings } = await verify();
      expect(findings).toEqual(
        [1, 2, 3].map((sequence) =>
          expect.objectContaining({ kind: 'checkpoint-missing-from-witness', sequence }),
        ),
      );
    });

    it('given the witness file edited, names the checkpoint that differs, or the line that is no checkpoint', async () => {
      const file = join(witnessDir, WITNESS_FILE);
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      lines[1] = lines[1]!.replace('"eventCount":18', '"eventCount":17');
      await writeFile(file, `${lines.join('\n')}\n`);
      expect((await verify()).findings).toEqual([
        expect.objectContaining({ kind: 'checkpoint-witness-mismatch', sequence: 2 }),
      ]);
      await writeFile(file, `${lines.slice(0, 2).join('\n')}\n{"sequence":3,"cut`);
      expect((await verify()).findings).toEqual([
        expect.objectContaining({ kind: 'witness-unreadable', detail: expect.stringContaining('line 3') }),
      ]);
    });

    it("given two processes sharing the witness directory, each reads the other's appends; a checkpoint copied twice is one copy", async () => {
      const [one, two] = [new DirectoryWitness(witnessDir), new DirectoryWitness(witnessDir)];
      expect(await two.latestSequence()).toBe(3);
      await one.append((await checkpoints.bySequence(3))!);
      expect(await two.latestSequence()).toBe(3);
      expect((await verify()).findings).toEqual([]);
      const forged = { ...(await checkpoints.bySequence(2))!, recordedAt: '2030-01-01T00:00:00.000Z' };
      await one.append(forged);
      expect((await verify()).findings).toEqual([
        expect.objectContaining({
          kind: 'checkpoint-witness-mismatch',
          sequence: 2,
          detail: expect.stringContaining('two different versions'),
        }),
      ]);
    });

    it('given a checkpoint recorded while the witness was unreachable, the next checkpoint copies it there first', async () => {
      await store.append('case-e', events(1, 'e'), { expectedRevision: 'no_stream' });
      await settled(store);
      await recordLogCheckpoint(store, checkpoints, key, new Date('2026-04-05T00:00:00Z')); // no witness
      await store.append('case-e', events(1, 'e'), { expectedRevision: 0 });
      await settled(store);
      await recordLogCheckpoint(store, checkpoints, key, new Date('2026-04-06T00:00:00Z'), {
        witness: new DirectoryWitness(witnessDir),
      });
      expect((await new DirectoryWitness(witnessDir).all()).map((c) => c.sequence)).toEqual([1, 2, 3, 4, 5]);
      expect((await verify()).findings).toEqual([]);
    });
  });

  describe('Merkle proofs, checked offline with the public key', () => {
    it('given an event, its inclusion proof against the newest checkpoint verifies; an altered event, path or checkpoint fails', async () => {
      const { id } = await at('case-d', 3);
      const head = (await checkpoints.latest())!;
      const proof = JSON.parse(JSON.stringify(await proveInclusion(store, checkpoints, id, head)));
      expect(verifyLogProof(proof, trusted)).toEqual({
        valid: true,
        statements: [expect.stringContaining(`event ${id} (case-d revision 3, ThingRecorded) is leaf 13`)],
      });
      const altered = structuredClone(proof);
      altered.event.data.note = '改ざん';
      expect(verifyLogProof(altered, trusted)).toMatchObject({
        valid: false,
        statements: [expect.stringContaining('does not match its hash')],
      });
      const moved = structuredClone(proof);
      moved.leafIndex = 12;
      expect(verifyLogProof(moved, trusted).valid).toBe(false);
      const path = structuredClone(proof);
      path.auditPath[0] = path.auditPath[0].replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
      expect(verifyLogProof(path, trusted)).toMatchObject({
        valid: false,
        statements: [expect.stringContaining('audit path does not lead')],
      });
      const forgedHead = structuredClone(proof);
      forgedHead.checkpoint.eventCount = 27;
      expect(verifyLogProof(forgedHead, trusted)).toMatchObject({
        valid: false,
        statements: [expect.stringContaining('signature does not match')],
      });
      expect(verifyLogProof(proof, new Map())).toMatchObject({
        valid: false,
        statements: [expect.stringContaining('not by the public key given')],
      });
    });

    it('given two checkpoints, the consistency proof verifies; an altered path or tree head fails', async () => {
      const [first, , third] = await checkpoints.all();
      const proof = JSON.parse(JSON.stringify(await proveConsistency(checkpoints, first!, third!)));
      expect(verifyLogProof(proof, trusted)).toEqual({
        valid: true,
        statements: [
          expect.stringContaining(
            'the 26-event log signed at checkpoint 3 extends the 10-event log signed at checkpoint 1',
          ),
        ],
      });
      const path = structuredClone(proof);
      path.consistencyPath[1] = path.consistencyPath[0];
      expect(verifyLogProof(path, trusted)).toMatchObject({
        valid: false,
        statements: [expect.stringContaining('is not the one signed at checkpoint 1')],
      });
      const head = structuredClone(proof);
      head.to.treeRoot = head.from.treeRoot;
      expect(verifyLogProof(head, trusted).valid).toBe(false);
    });

    it('given version 1 checkpoints from before, they still verify and the next checkpoint builds the tree from the start', async () => {
      // Rewrite the three checkpoints as version 1 (rolling hash only), as an older release signed them.
      const old = await checkpoints.all();
      let previous = GENESIS_HASH;
      await pool.query('DELETE FROM audit.log_checkpoints; DELETE FROM audit.log_leaves');
      await rm(join(witnessDir, WITNESS_FILE));
      const { checkpointHash } = await import('./log-checkpoint.ts');
      for (const c of old) {
        const { version: _v, treeRoot: _r, frontier: _f, signature: _s, ...v1 } = c;
        const signed = signLogCheckpoint({ ...v1, previousCheckpointHash: previous }, key.privateKey);
        await checkpoints.append(signed);
        await witness.append(signed);
        previous = checkpointHash(signed);
      }
      expect((await checkpoints.all()).map((c) => c.version)).toEqual([undefined, undefined, undefined]);
      expect((await verify()).findings).toEqual([]);
      await store.append('case-e', events(2, 'e'), { expectedRevision: 'no_stream' });
      await settled(store);
      const head = await recordLogCheckpoint(store, checkpoints, key, new Date('2026-04-05T00:00:00Z'), {
        witness,
      });
      expect(head).toMatchObject({ version: 2, sequence: 4, eventCount: 28 });
      expect((await verify()).findings).toEqual([]);
      const { id } = await at('case-a', 0);
      expect(verifyLogProof(await proveInclusion(store, checkpoints, id, head!), trusted).valid).toBe(true);
    });
  });

  describe('the checkpoint trigger bounds the unsigned tail', () => {
    it('given fewer events than the bound and less time, waits; at the event bound or after the time bound, signs', async () => {
      let now = new Date('2030-01-01T00:00:00Z');
      const clock = { now: () => now };
      const trigger = new LogCheckpointTrigger({
        store,
        checkpoints,
        key,
        witness,
        clock,
        everySeconds: 60,
        everyEvents: 5,
      });
      await settled(store);
      expect(await trigger.tick()).toBe(false); // nothing unsigned
      await store.append('case-e', events(4, 'e'), { expectedRevision: 'no_stream' });
      now = new Date((await store.readStream('case-e'))[0]!.recordedAt.getTime() + 59_000);
      await settled(store);
      expect(await trigger.tick()).toBe(false);
      await store.append('case-e', events(1, 'e'), { expectedRevision: 3 });
      await settled(store);
      expect(await trigger.tick()).toBe(true);
      expect(await checkpoints.latest()).toMatchObject({ sequence: 4, eventCount: 31 });
      await store.append('case-e', events(1, 'e'), { expectedRevision: 4 });
      now = new Date(Date.now() + 59_000);
      await settled(store);
      expect(await trigger.tick()).toBe(false);
      now = new Date(Date.now() + 61_000);
      await settled(store);
      expect(await trigger.tick()).toBe(true);
      expect((await new DirectoryWitness(witnessDir).all()).at(-1)).toMatchObject({
        sequence: 5,
        eventCount: 32,
      });
    });
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
  witness: DirectoryWitness,
): Promise<void> {
  const at = (day: number) => new Date(Date.UTC(2026, 3, day));
  await store.append('case-a', events(4, 'a'), { expectedRevision: 'no_stream' });
  await store.append('case-b', events(3, 'b'), { expectedRevision: 'no_stream' });
  await store.append('case-c', events(3, 'c'), { expectedRevision: 'no_stream' });
  await settled(store);
  await recordLogCheckpoint(store, checkpoints, key, at(1), { witness });
  await store.append('case-d', events(6, 'd'), { expectedRevision: 'no_stream' });
  await store.append('case-b', events(2, 'b'), { expectedRevision: 2 });
  await settled(store);
  await recordLogCheckpoint(store, checkpoints, key, at(2), { witness });
  await store.append('case-a', events(4, 'a'), { expectedRevision: 3 });
  await store.append('case-c', events(4, 'c'), { expectedRevision: 2 });
  await settled(store);
  await recordLogCheckpoint(store, checkpoints, key, at(3), { witness });
  // Nothing appended since: no new checkpoint.
  await settled(store);
  await recordLogCheckpoint(store, checkpoints, key, at(4), { witness });
}

/**
 * Waits until the log's stable prefix (what checkpoints sign) includes every event appended so far: an
 * open transaction anywhere on the shared server holds it back for a while.
 */
async function settled(store: PostgresEventStore): Promise<void> {
  const written = (await store.readAll({ consistency: 'committed', maxCount: 1_000 })).at(-1)?.position ?? 0n;
  for (const started = Date.now(); Date.now() - started < 60_000;) {
    if ((await store.headPosition()) >= written) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the stable prefix did not reach the written head within 60 s');
}
