import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { GlobalPosition, NewEvent, RecordedEvent } from '#event-store';
import { toDomainEvent, type Upcasters } from '#platform';
import { projectionsCommand } from '../../scripts/cli/projections-command.ts';
import { readCheckpoints } from '../../libs/projections/src/checkpoint-table.ts';
import { ProjectionRunner } from '../../libs/projections/src/projection-runner.ts';
import type { Projector } from '../../libs/projections/src/projector.ts';
import {
  eventually,
  runLiveUntil,
  scratchDatabase,
  type ScratchDatabase,
  unique,
  untilReadable,
} from '#projections-testing';
import {
  rebuildProjection,
  rebuildProjections,
} from '../../libs/projections/src/rebuild/projection-rebuild.ts';

/** A read model written through a TypeORM entity of schema read_model (like the real projectors). */
@Entity({ schema: 'read_model', name: 'rebuild_test_marks' })
class RebuildTestMark {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'stream_id', type: 'text' }) streamId!: string;
  @Column({ type: 'integer' }) n!: number;
  @Column({ type: 'numeric', precision: 40, scale: 0 }) position!: string;
}

/** Raw-SQL read models, their tables named through entity metadata (live: read_model; rebuild: the shadow). */
@Entity({ schema: 'read_model', name: 'rebuild_test_totals' })
class RebuildTestTotal {
  @PrimaryColumn({ name: 'stream_id', type: 'text' }) streamId!: string;
}
@Entity({ schema: 'read_model', name: 'rebuild_test_amounts' })
class RebuildTestAmount {
  @PrimaryColumn({ name: 'stream_id', type: 'text' }) streamId!: string;
  @PrimaryColumn({ type: 'integer' }) seq!: number;
}
const tableOf = (manager: EntityManager, entity: new () => unknown) =>
  manager.connection.getMetadata(entity).tablePath;

const metadata = { actorId: 'test', actorRole: 'system', correlationId: 'rebuild-test' };

/** Raw SQL with unqualified table names: per stream, the count and sum of `n` and the last position. */
function totalsProjector(name: string, type: string): Projector {
  return {
    name,
    version: 1,
    eventTypes: [type],
    async apply(event: RecordedEvent, manager: EntityManager) {
      await manager.query(
        `INSERT INTO ${tableOf(manager, RebuildTestTotal)} AS t (stream_id, count, sum_n, position) VALUES ($1, 1, $2, $3)
         ON CONFLICT (stream_id) DO UPDATE SET count = t.count + 1,
           sum_n = t.sum_n + EXCLUDED.sum_n, position = EXCLUDED.position`,
        [event.streamId, (event.data as { n: number }).n, event.position.toString()],
      );
    },
    async reset(manager: EntityManager) {
      await manager.query(`DELETE FROM ${tableOf(manager, RebuildTestTotal)}`);
    },
  };
}

function marksProjector(name: string, type: string): Projector {
  return {
    name,
    version: 1,
    eventTypes: [type],
    async apply(event: RecordedEvent, manager: EntityManager) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(RebuildTestMark)
        .values({
          eventId: event.id,
          streamId: event.streamId,
          n: (event.data as { n: number }).n,
          position: event.position.toString(),
        })
        .execute();
    },
    async reset(manager: EntityManager) {
      await manager.getRepository(RebuildTestMark).createQueryBuilder().delete().execute();
    },
  };
}

/** A scratch database with the test's read model tables (plain SQL, next to the migrated ones). */
async function scratchWithTestTables(): Promise<ScratchDatabase> {
  const db = await scratchDatabase('zaitaku_rebuild', [RebuildTestMark, RebuildTestTotal, RebuildTestAmount]);
  await db.dataSource.query(`
    CREATE TABLE read_model.rebuild_test_totals (
      stream_id text PRIMARY KEY, count integer NOT NULL, sum_n bigint NOT NULL, position numeric(40,0) NOT NULL);
    CREATE TABLE read_model.rebuild_test_marks (
      event_id uuid PRIMARY KEY, stream_id text NOT NULL, n integer NOT NULL, position numeric(40,0) NOT NULL);
    CREATE TABLE read_model.rebuild_test_amounts (
      stream_id text NOT NULL, seq integer NOT NULL, yen bigint NOT NULL, currency text NOT NULL,
      PRIMARY KEY (stream_id, seq));`);
  return db;
}

async function rows(pool: pg.Pool, table: string, order: string): Promise<unknown[]> {
  return (await pool.query(`SELECT * FROM read_model.${table} ORDER BY ${order}`)).rows;
}

function captured() {
  const lines: string[] = [];
  return { lines, out: { log: (l: string) => lines.push(l), error: (l: string) => lines.push(`ERR ${l}`) } };
}

describe('projections rebuild and verify (shadow schema, atomic swap; real PostgreSQL)', () => {
  let db: ScratchDatabase;
  const tick = 'RebuildTick';
  const mark = 'RebuildMark';
  const totals = totalsProjector('rebuild-totals', tick);
  const marks = marksProjector('rebuild-marks', mark);
  const EVENTS = 100_000;

  beforeAll(async () => {
    db = await scratchWithTestTables();
    // 100,000 ticks in appends of 10,000 over 10 streams, and 1,000 marks in appends of 100.
    let last: GlobalPosition = 0n;
    for (let s = 0; s < 10; s++) {
      const events: NewEvent[] = Array.from({ length: EVENTS / 10 }, (_, i) => ({
        type: tick,
        data: { n: s * 10_000 + i },
        metadata,
      }));
      await db.store.append(`tick-${s}`, events, { expectedRevision: 'no_stream' });
      ({ position: last } = await db.store.append(
        `mark-${s}`,
        Array.from({ length: 100 }, (_, i) => ({ type: mark, data: { n: i }, metadata })),
        { expectedRevision: 'no_stream' },
      ));
    }
    await runLiveUntil(db, [totals, marks], last, 10_000);
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  it('rebuilds 100,000 events into the shadow and swaps: equal to the live read models, live readable throughout', async () => {
    const liveTotals = await rows(db.pool, 'rebuild_test_totals', 'stream_id');
    const liveMarks = await rows(db.pool, 'rebuild_test_marks', 'event_id');
    expect(liveTotals).toHaveLength(10);
    expect(liveMarks).toHaveLength(1_000);
    // A reader on the live tables for the whole rebuild: every read answers, and always whole (100,000).
    let reading = true;
    const reads: number[] = [];
    const reader = (async () => {
      while (reading) {
        const { rows: r } = await db.pool.query(
          'SELECT sum(count)::int AS total FROM read_model.rebuild_test_totals',
        );
        reads.push(r[0].total);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const { lines, out } = captured();
    const code = await projectionsCommand(['rebuild'], db.context, [totals, marks], out);
    reading = false;
    await reader;
    expect(code).toBe(0);
    expect(reads.length).toBeGreaterThan(5);
    expect(new Set(reads)).toEqual(new Set([EVENTS]));
    expect(lines.some((l) => /rebuild-totals: \d+ of \d+ events .* events\/s, ETA \d+ s/.test(l))).toBe(true);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^rebuild-totals: rebuilt from \d+ events \(100000 applied\).*swapped rebuild_test_totals/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^rebuild-marks: rebuilt .*\(1000 applied\).*swapped rebuild_test_marks/),
    );
    expect(await rows(db.pool, 'rebuild_test_totals', 'stream_id')).toEqual(liveTotals);
    expect(await rows(db.pool, 'rebuild_test_marks', 'event_id')).toEqual(liveMarks);
    const [checkpoint] = await readCheckpoints(db.dataSource.manager, [totals.name]);
    expect(checkpoint!.position).toBe(await db.store.headPosition());
    const schemas = await db.pool.query(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read_model_shadow%'`,
    );
    expect(schemas.rows).toEqual([]);
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }, 120_000);

  it('verify: exit 0 when identical; exit 1 naming the rows altered by hand; rebuild repairs them', async () => {
    const verifyMarks = async () => {
      const run = captured();
      const code = await projectionsCommand(['verify', marks.name], db.context, [totals, marks], run.out);
      return { code, output: run.lines.join('\n') };
    };
    let verified = await verifyMarks();
    expect(verified).toMatchObject({ code: 0, output: expect.stringContaining('rebuild-marks: IDENTICAL') });
    expect(verified.output).toContain('rebuild-marks: read_model.rebuild_test_marks identical');

    const [first, second] = (
      await db.pool.query('SELECT event_id FROM read_model.rebuild_test_marks ORDER BY event_id LIMIT 2')
    ).rows.map((row: { event_id: string }) => row.event_id);
    await db.pool.query('UPDATE read_model.rebuild_test_marks SET n = n + 7 WHERE event_id = $1', [first]);
    await db.pool.query('DELETE FROM read_model.rebuild_test_marks WHERE event_id = $1', [second]);
    verified = await verifyMarks();
    expect(verified.code).toBe(1);
    // The altered row counts on both sides (live's version and the rebuilt one), the deleted one once.
    expect(verified.output).toContain('rebuild-marks: read_model.rebuild_test_marks: 3 rows differ');
    expect(verified.output).toContain(`row {"event_id":"${first}"} (columns n)`);
    expect(verified.output).toContain(
      `row {"event_id":"${second}"} (columns event_id, stream_id, n, position)`,
    );
    expect(verified.output).toMatch(/live: {4}null/);
    expect(verified.output).toContain('rebuild-marks: DIFFERENT');
    expect(verified.output).not.toContain('rebuild-totals');

    expect(
      await projectionsCommand(['rebuild', marks.name], db.context, [totals, marks], captured().out),
    ).toBe(0);
    verified = await verifyMarks();
    expect(verified).toMatchObject({ code: 0, output: expect.stringContaining('rebuild-marks: IDENTICAL') });
    const unknown = captured();
    expect(await projectionsCommand(['verify', 'no-such'], db.context, [totals], unknown.out)).toBe(2);
    expect(unknown.lines).toEqual(['ERR unknown projection "no-such" (known: rebuild-totals)']);
    expect(await projectionsCommand(['check'], db.context, [totals], captured().out)).toBe(2);
  }, 120_000);

  it('rebuild while the live runner applies new appends: the swap hands over the checkpoint, no event lost or applied twice', async () => {
    const runner = new ProjectionRunner({
      store: db.store,
      dataSource: db.dataSource,
      projector: marks,
      idleWaitMs: 50,
    });
    runner.start();
    let appending = true;
    let last: GlobalPosition = 0n;
    let appended = 0;
    const appender = (async () => {
      for (let i = 0; appending; i++) {
        ({ position: last } = await db.store.append(
          `mark-live-${i}`,
          [0, 1, 2].map((n) => ({ type: mark, data: { n }, metadata })),
          { expectedRevision: 'no_stream' },
        ));
        appended += 3;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    try {
      const report = await rebuildProjection({ url: db.url, store: db.store, projector: marks });
      appending = false;
      await appender;
      expect(appended).toBeGreaterThan(0);
      expect(report.tables).toEqual(['rebuild_test_marks']);
      await untilReadable(db.store, last);
      await eventually(
        async () => ((await readCheckpoints(db.dataSource.manager, [marks.name]))[0]?.position ?? 0n) >= last,
        60_000,
        'the live runner to follow the log after the swap',
      );
      expect(runner.status()).toMatchObject({ state: 'live', failures: 0 });
    } finally {
      appending = false;
      await appender.catch(() => undefined);
      await runner.stop();
    }
    // Every mark once (event_id is the key: a second application would have failed the runner's batch).
    const { rows: counted } = await db.pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM read_model.rebuild_test_marks`,
    );
    expect(counted[0]).toEqual({ n: 1_000 + appended, distinct: 1_000 + appended });
    const run = captured();
    expect(await projectionsCommand(['verify', marks.name], db.context, [marks], run.out)).toBe(0);
  }, 120_000);

  it('refuses a projector that writes the live tables by their qualified names, changing nothing', async () => {
    const before = await rows(db.pool, 'rebuild_test_totals', 'stream_id');
    const qualified: Projector = {
      ...totals,
      name: 'rebuild-qualified',
      apply: (event, manager) =>
        manager.query(`UPDATE read_model.rebuild_test_totals SET count = count + 1 WHERE stream_id = $1`, [
          event.streamId,
        ]),
    };
    await expect(rebuildProjection({ url: db.url, store: db.store, projector: qualified })).rejects.toThrow(
      /wrote read_model\.rebuild_test_totals during a rebuild/,
    );
    expect(await rows(db.pool, 'rebuild_test_totals', 'stream_id')).toEqual(before);
    // Rebuilt together with a sound projector (one shared read): the failure swaps neither.
    const marksBefore = await rows(db.pool, 'rebuild_test_marks', 'event_id');
    const [marksCheckpoint] = await readCheckpoints(db.dataSource.manager, [marks.name]);
    await db.pool.query('UPDATE read_model.rebuild_test_marks SET n = n + 1000');
    const altered = await rows(db.pool, 'rebuild_test_marks', 'event_id');
    await expect(
      rebuildProjections({ url: db.url, store: db.store, projectors: [marks, qualified] }),
    ).rejects.toThrow(/wrote read_model\.rebuild_test_totals during a rebuild/);
    expect(await rows(db.pool, 'rebuild_test_marks', 'event_id')).toEqual(altered);
    expect((await readCheckpoints(db.dataSource.manager, [marks.name]))[0]).toEqual(marksCheckpoint);
    await db.pool.query('UPDATE read_model.rebuild_test_marks SET n = n - 1000');
    expect(await rows(db.pool, 'rebuild_test_marks', 'event_id')).toEqual(marksBefore);
    const schemas = await db.pool.query(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read_model_shadow%'`,
    );
    expect(schemas.rows).toEqual([]);
  });
});

describe('upcasters: events stored in version 1, code upgraded to version 2, rebuilt to the same read model', () => {
  let db: ScratchDatabase;
  const type = `AmountRecorded${unique('x')}`;
  const v1 = (yen: number) => ({ type, schemaVersion: 1, data: { yen }, metadata });
  const v2 = (yen: number) => ({
    type,
    schemaVersion: 2,
    data: { amount: { yen, currency: 'JPY' } },
    metadata,
  });
  const amounts = [1_200_000, 3_583_000, 5_607_000];

  /** Version 2 of the code: reads the v2 shape, older events through the upcaster. */
  const upcasters: Upcasters = {
    [type]: (data, version) =>
      version >= 2 ? data : { amount: { yen: (data as { yen: number }).yen, currency: 'JPY' } },
  };
  const amountsProjector = (
    version: number,
    read: (event: RecordedEvent) => { yen: number; currency: string },
  ): Projector & { tables: string[] } => ({
    name: 'rebuild-amounts',
    version,
    eventTypes: [type],
    tables: ['rebuild_test_amounts'],
    async apply(event, manager) {
      const { yen, currency } = read(event);
      await manager.query(
        `INSERT INTO ${tableOf(manager, RebuildTestAmount)} (stream_id, seq, yen, currency) VALUES ($1, $2, $3, $4)`,
        [event.streamId, event.revision, yen, currency],
      );
    },
    async reset(manager) {
      await manager.query(`DELETE FROM ${tableOf(manager, RebuildTestAmount)}`);
    },
  });

  beforeAll(async () => {
    db = await scratchWithTestTables();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('v1 events rebuilt by the v2 projector through the upcaster equal the read model of v2 events', async () => {
    const stored = await db.store.append('old-case', amounts.map(v1), { expectedRevision: 'no_stream' });
    // Version 1 of the code, live: reads `yen` as v1 had it (no currency then).
    const v1Projector = amountsProjector(1, (event) => ({
      yen: (event.data as { yen: number }).yen,
      currency: '?',
    }));
    await runLiveUntil(db, [v1Projector], stored.position);
    expect(
      (await rows(db.pool, 'rebuild_test_amounts', 'seq')).map((r) => (r as { currency: string }).currency),
    ).toEqual(['?', '?', '?']);

    // The code is upgraded: v2 events are written from now on; the v2 projector reads both via the upcaster.
    const v2Projector = amountsProjector(2, (event) => {
      const data = toDomainEvent<{ type: string; data: { amount: { yen: number; currency: string } } }>(
        event,
        upcasters,
      ).data;
      return data.amount;
    });
    const written = await db.store.append('new-case', amounts.map(v2), { expectedRevision: 'no_stream' });
    await untilReadable(db.store, written.position);
    const report = await rebuildProjection({ url: db.url, store: db.store, projector: v2Projector });
    expect(report).toMatchObject({ applied: 6, tables: ['rebuild_test_amounts'] });

    const { rows: all } = await db.pool.query(
      `SELECT stream_id, seq, yen::int AS yen, currency FROM read_model.rebuild_test_amounts ORDER BY stream_id, seq`,
    );
    // The rows the v1 events rebuilt to are the rows the v2 events project to.
    const of = (streamId: string) =>
      all
        .filter((row) => row.stream_id === streamId)
        .map(({ seq, yen, currency }) => ({ seq, yen, currency }));
    expect(of('old-case')).toEqual(of('new-case'));
    expect(of('old-case')).toEqual(amounts.map((yen, seq) => ({ seq, yen, currency: 'JPY' })));
    const [checkpoint] = await readCheckpoints(db.dataSource.manager, ['rebuild-amounts']);
    expect(checkpoint).toMatchObject({ version: 2, position: written.position });
  });
});
