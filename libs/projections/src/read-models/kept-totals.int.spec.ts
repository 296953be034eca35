import type { RecordedEvent } from '#event-store';
import { budgetExecutionLines } from '#domain';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { wholeLog } from '../testing/projection-test-kit.ts';
import { scratchDatabase, type ScratchDatabase } from '../testing/scratch-database.ts';
import { writeSubsidyLog } from '../testing/subsidy-log.ts';
import {
  budgetExecutionCaseOfRow,
  budgetExecutionProjector,
  findBudgetExecutionLines,
  findBudgetExecutionTallies,
} from './budget-execution.ts';
import { programBudgetsProjector } from './program-budgets.ts';
import type { Projector } from '../projector.ts';

/**
 * Issue #17: the programme-year totals are kept from their own row (a case's old share out, its new one
 * in), not summed again over the year's cases on every batch. The oracle: the sums over the cases.
 */
describe('programme-year totals kept from their row equal the sums over their cases', () => {
  let db: ScratchDatabase;
  let events: RecordedEvent[];

  beforeAll(async () => {
    db = await scratchDatabase('zaitaku_kept_totals');
    // Hospitals at every stage (granted, paid, reported, confirmed, closed) and a budget reallocated.
    await writeSubsidyLog(db.store, 'hosp', 7);
    events = await wholeLog(db.store);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  async function project(projector: Projector, batchSize: number): Promise<void> {
    const relevant = events.filter((event) => projector.eventTypes.includes(event.type));
    await db.dataSource.transaction((manager) => projector.reset(manager));
    for (let start = 0; start < relevant.length; start += batchSize) {
      const batch = relevant.slice(start, start + batchSize);
      await db.dataSource.transaction((manager) => projector.applyBatch!(batch, manager));
    }
  }

  it('given the log projected in batches of 3, then each programme budget is the sum of its case shares', async () => {
    await project(programBudgetsProjector(), 3);
    const { rows } = await db.pool.query(`
      SELECT b.program_id, b.fiscal_year,
             b.decided_amount = COALESCE(s.decided, 0) AS decided,
             b.confirmed_amount = COALESCE(s.confirmed, 0) AS confirmed,
             b.paid_amount = COALESCE(s.paid, 0) AS paid,
             b.refunded_amount = COALESCE(s.refunded, 0) AS refunded,
             b.granted_cases = COALESCE(s.granted, 0) AS granted,
             b.decided_amount > 0 AS something_decided
        FROM read_model.program_budgets b
        LEFT JOIN (SELECT program_id, fiscal_year, SUM(granted_amount) AS decided,
                          SUM(confirmed_amount) AS confirmed, SUM(total_paid) AS paid,
                          SUM(total_refunded) AS refunded,
                          COUNT(*) FILTER (WHERE granted_amount > 0) AS granted
                     FROM read_model.program_budget_cases GROUP BY 1, 2) s USING (program_id, fiscal_year)`);
    expect(rows).toEqual([
      {
        program_id: 'transition-support',
        fiscal_year: 2016,
        decided: true,
        confirmed: true,
        paid: true,
        refunded: true,
        granted: true,
        something_decided: true,
      },
    ]);
  });

  it("given the log projected in batches of 3, then each 予算執行 line is the domain's budgetExecutionLines over its budget and cases", async () => {
    await project(budgetExecutionProjector(), 3);
    const stored = await findBudgetExecutionLines(db.dataSource.manager, {});
    const { budgets, cases } = await findBudgetExecutionTallies(db.dataSource.manager, {});
    const summed = budgetExecutionLines(
      budgets.map((b) => ({ programId: b.programId, fiscalYear: b.fiscalYear, ...b.tally })),
      cases.flatMap((row) => budgetExecutionCaseOfRow(row) ?? []),
    );
    expect(stored.map((row) => row.line)).toEqual(summed);
    expect(summed[0]).toMatchObject({ cases: 7, casesByStage: expect.objectContaining({ Closed: 1 }) });
  });
});
