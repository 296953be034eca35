import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectionsCommand } from '../../scripts/cli/projections-command.ts';
import { readCheckpoints } from '../../libs/projections/src/checkpoint-table.ts';
import { ProjectionRunner } from '../../libs/projections/src/projection-runner.ts';
import { READ_MODEL_PROJECTORS } from '../../libs/projections/src/read-model-projectors.ts';
import { SUBSIDY_PROJECTIONS } from '../../libs/projections/src/read-models/index.ts';
import {
  eventually,
  runLiveUntil,
  scratchDatabase,
  type ScratchDatabase,
  untilReadable,
  writeSubsidyLog,
} from '#projections-testing';

/** Every table of the subsidy read models, each row as JSON (the rows a rebuild must give back). */
const TABLES = {
  case_summaries: 'application_id',
  recipient_program_timelines: 'recipient_id, program_id',
  timeline_applications: 'application_id',
  timeline_training_completions: '1',
  training_completions: '1',
  training_offerings: 'offering_id',
  program_budget_cases: 'application_id',
  program_budgets: 'program_id, fiscal_year',
  budget_execution_lines: 'program_id, fiscal_year',
  budget_execution_budgets: 'program_id, fiscal_year',
  budget_execution_cases: 'application_id',
};

async function snapshot(db: ScratchDatabase): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(TABLES)) {
    result[table] = (
      await db.pool.query(`SELECT to_jsonb(t) AS row FROM read_model.${table} t ORDER BY ${order}`)
    ).rows.map((r: { row: unknown }) => r.row);
  }
  return result;
}

describe('projections verify and rebuild of the real read models (READ_MODEL_PROJECTORS)', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await scratchDatabase('zaitaku_rebuild_real');
    const last = await writeSubsidyLog(db.store, 'hosp', 6);
    await runLiveUntil(db, READ_MODEL_PROJECTORS, last, 100);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  function run(...args: string[]): Promise<{ code: number; output: string }> {
    const lines: string[] = [];
    const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(`ERR ${l}`) };
    return projectionsCommand(args, db.context, READ_MODEL_PROJECTORS, out).then((code) => ({
      code,
      output: lines.join('\n'),
    }));
  }

  it('the live read models of a log written through the deciders verify clean, every table compared', async () => {
    const live = await snapshot(db);
    for (const [table, rows] of Object.entries(live)) expect([table, rows.length > 0]).toEqual([table, true]);
    expect(live.case_summaries).toHaveLength(6);
    expect(live.training_completions).toHaveLength(6);
    expect(live.program_budgets).toEqual([
      expect.objectContaining({ program_id: 'transition-support', fiscal_year: 2016 }),
    ]);
    expect(live.budget_execution_lines).toEqual([
      expect.objectContaining({ program_id: 'transition-support', fiscal_year: 2016 }),
    ]);
    const verified = await run('verify');
    expect(verified.code).toBe(0);
    for (const table of Object.keys(TABLES))
      expect(verified.output).toMatch(new RegExp(`: read_model\\.${table} identical$`, 'm'));
    for (const projector of READ_MODEL_PROJECTORS)
      expect(verified.output).toContain(`${projector.name}: IDENTICAL at position`);

    expect(await run('rebuild')).toMatchObject({ code: 0 });
    expect(await snapshot(db)).toEqual(live);
    expect(await run('verify')).toMatchObject({ code: 0 });
  });

  it('a case summary and a budget altered by hand: verify exits 1 naming both; a rebuild of one projection repairs it', async () => {
    const casesProjection = SUBSIDY_PROJECTIONS.caseSummaries;
    const budgetsProjection = SUBSIDY_PROJECTIONS.budgets;
    await db.pool.query(
      `UPDATE read_model.case_summaries SET stage = 'Rejected' WHERE application_id = 'hosp-2-y1'`,
    );
    await db.pool.query(`DELETE FROM read_model.program_budgets`);
    const verified = await run('verify');
    expect(verified.code).toBe(1);
    expect(verified.output).toContain(`${casesProjection}: read_model.case_summaries: 2 rows differ`);
    expect(verified.output).toMatch(/row \{"application_id":"hosp-2-y1"\} \(columns stage\)/);
    expect(verified.output).toContain(`${budgetsProjection}: read_model.program_budgets: 1 rows differ`);
    expect(verified.output).toContain(`${casesProjection}: DIFFERENT`);
    expect(verified.output).toContain(`${budgetsProjection}: DIFFERENT`);

    expect(await run('rebuild', casesProjection)).toMatchObject({ code: 0 });
    expect(await run('verify', casesProjection)).toMatchObject({ code: 0 });
    expect(await run('verify', budgetsProjection)).toMatchObject({ code: 1 });
    expect(await run('rebuild', budgetsProjection)).toMatchObject({ code: 0 });
    expect(await run('verify')).toMatchObject({ code: 0 });
  });

  it('verify while the worker’s runners follow new commands: compared at the live checkpoint, identical', async () => {
    const runners = READ_MODEL_PROJECTORS.map(
      (projector) =>
        new ProjectionRunner({ store: db.store, dataSource: db.dataSource, projector, idleWaitMs: 50 }),
    );
    runners.forEach((runner) => runner.start());
    try {
      const writing = writeSubsidyLog(db.store, 'late', 4, false);
      const during = await run('verify');
      const last = await writing;
      expect(during).toMatchObject({ code: 0 });
      await untilReadable(db.store, last);
      await eventually(
        async () =>
          (await readCheckpoints(db.dataSource.manager)).filter((c) => c.position >= last).length ===
          READ_MODEL_PROJECTORS.length,
        60_000,
        'the runners to project the new commands',
      );
      expect((await snapshot(db)).case_summaries).toHaveLength(10);
      expect(await run('verify')).toMatchObject({ code: 0 });
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
    }
  });
});
