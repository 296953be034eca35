import type { RecordedEvent } from '#event-store';
import { DEFAULT_PROGRAM_SCHEDULE, SEED_CATALOGUE } from '#domain';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { wholeLog } from '../testing/projection-test-kit.ts';
import { scratchDatabase, type ScratchDatabase } from '../testing/scratch-database.ts';
import { writeSubsidyLog } from '../testing/subsidy-log.ts';
import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { findRowsIn } from './batch-writes.ts';
import {
  BudgetExecutionCaseRow,
  CaseSummary,
  ProgramBudgetCase,
  RecipientProgramTimelineRow,
  subsidyReadModelProjectors,
  TimelineApplicationRow,
  TrainingOfferingRow,
} from './index.ts';

const PROJECTORS = subsidyReadModelProjectors({
  catalogue: SEED_CATALOGUE,
  schedule: DEFAULT_PROGRAM_SCHEDULE,
});

describe('the subsidy projectors: applyBatch gives the rows of apply per event', () => {
  let db: ScratchDatabase;
  let events: RecordedEvent[];

  beforeAll(async () => {
    db = await scratchDatabase('zaitaku_batch_apply');
    // Two logs interleaved: several cases, timelines and budget rows change within one batch.
    await writeSubsidyLog(db.store, 'hosp', 4);
    await writeSubsidyLog(db.store, 'clinic', 3, false);
    events = await wholeLog(db.store);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  /** The projector's tables, every row as jsonb, in primary-key order. */
  async function rowsOf(tables: readonly string[]): Promise<Record<string, unknown[]>> {
    const result: Record<string, unknown[]> = {};
    for (const table of tables) {
      const { rows } = await db.pool.query<{ row: unknown }>(
        `SELECT to_jsonb(t) AS row FROM read_model.${table} t ORDER BY to_jsonb(t)::text`,
      );
      result[table] = rows.map((r) => r.row);
    }
    return result;
  }

  for (const projector of PROJECTORS) {
    it(`${projector.name}: batches of 1, 7 and all events, and a replay, equal apply per event`, async () => {
      expect(projector.applyBatch).toBeDefined();
      const tables = projector.tables ?? [];
      expect(tables.length).toBeGreaterThan(0);
      const relevant = events.filter((event) => projector.eventTypes.includes(event.type));
      expect(relevant.length).toBeGreaterThan(5);

      await db.dataSource.transaction(async (manager) => {
        await projector.reset(manager);
        for (const event of relevant) await projector.apply(event, manager);
      });
      const perEvent = await rowsOf(tables);
      for (const rows of Object.values(perEvent)) expect(rows.length).toBeGreaterThan(0);

      for (const size of [1, 7, relevant.length]) {
        await db.dataSource.transaction((manager) => projector.reset(manager));
        for (let start = 0; start < relevant.length; start += size) {
          const batch = relevant.slice(start, start + size);
          await db.dataSource.transaction((manager) => projector.applyBatch!(batch, manager));
        }
        expect([size, await rowsOf(tables)]).toEqual([size, perEvent]);
      }

      // A replay of the whole log, in one batch or event by event, changes nothing.
      await db.dataSource.transaction((manager) => projector.applyBatch!(relevant, manager));
      expect(await rowsOf(tables)).toEqual(perEvent);
      await db.dataSource.transaction(async (manager) => {
        for (const event of relevant.slice(0, 20)) await projector.apply(event, manager);
      });
      expect(await rowsOf(tables)).toEqual(perEvent);
    });
  }

  it('findRowsIn gives the rows of findBy(In(…)): same entities, same hydrated values', async () => {
    await db.dataSource.transaction(async (manager) => {
      for (const projector of PROJECTORS) {
        await projector.reset(manager);
        await projector.applyBatch!(
          events.filter((event) => projector.eventTypes.includes(event.type)),
          manager,
        );
      }
    });
    const manager = db.dataSource.manager;
    async function same<Row extends ObjectLiteral>(entity: EntityTarget<Row>, property: keyof Row & string) {
      const all = await manager.getRepository(entity).find();
      expect(all.length).toBeGreaterThan(1);
      const values = [...new Set(all.map((row) => row[property] as unknown))];
      const wanted = [...values.slice(1), 'no such key'];
      const text = (row: Row) =>
        JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
      const byKey = (rows: Row[]) => [...rows].sort((a, b) => (text(a) < text(b) ? -1 : 1));
      const found = await findRowsIn(manager, entity, property, wanted);
      expect(found.length).toBeGreaterThan(0);
      expect(byKey(found)).toStrictEqual(
        byKey(await manager.getRepository(entity).findBy({ [property]: In(wanted) } as never)),
      );
      expect(await findRowsIn(manager, entity, property, [])).toEqual([]);
    }
    await same(CaseSummary, 'applicationId');
    await same(RecipientProgramTimelineRow, 'recipientId');
    await same(TimelineApplicationRow, 'applicationId');
    await same(BudgetExecutionCaseRow, 'applicationId');
    await same(ProgramBudgetCase, 'applicationId');
    await same(TrainingOfferingRow, 'offeringId');
  });
});
