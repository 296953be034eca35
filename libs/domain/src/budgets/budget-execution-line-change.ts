import type { ApplicationStage } from '../applications/application-stage.ts';
import { yen } from '../shared/money.ts';
import {
  emptyBudgetExecutionLine,
  type BudgetExecutionBudgetOf,
  type BudgetExecutionCase,
  type BudgetExecutionLine,
} from './budget-execution.ts';

/** What changed on a line: its budget replaced, or one case's share replaced (undefined: none before/after). */
export type BudgetExecutionLineChange =
  | { readonly budget: BudgetExecutionBudgetOf; readonly before: BudgetExecutionBudgetOf | undefined }
  | { readonly case: BudgetExecutionCase | undefined; readonly before: BudgetExecutionCase | undefined };

type Summed = Pick<
  BudgetExecutionLine,
  | 'initialDecidedAmount'
  | 'changeAmount'
  | 'decidedAmount'
  | 'advancePaidAmount'
  | 'settlementPaidAmount'
  | 'paidAmount'
  | 'refundedAmount'
>;

const SUMMED: readonly (keyof Summed)[] = [
  'initialDecidedAmount',
  'changeAmount',
  'decidedAmount',
  'advancePaidAmount',
  'settlementPaidAmount',
  'paidAmount',
  'refundedAmount',
];

/**
 * A programme year's line with one budget or one case replaced by its next version, from the line alone:
 * the old share taken out, the new one put in. Equal to budgetExecutionLines over the budget and every
 * case of the year (the sums are exact integers; a count that falls to zero is dropped, as a sum never
 * has it), so a read model can keep the line at a cost that does not grow with the year's cases.
 * Undefined while the line has neither a budget nor a case (budgetExecutionLines has no such line).
 */
export function budgetExecutionLineWith(
  line: BudgetExecutionLine | undefined,
  programId: string,
  fiscalYear: number,
  change: BudgetExecutionLineChange,
): BudgetExecutionLine | undefined {
  const current = line ?? emptyBudgetExecutionLine(programId, fiscalYear);
  let next: BudgetExecutionLine;
  if ('budget' in change) {
    next = {
      ...current,
      budgetAmount: yen(change.budget.amount),
      eventCounts: plus(minus(current.eventCounts, change.before?.eventCounts), change.budget.eventCounts),
    };
  } else {
    const { before, case: after } = change;
    const sums = Object.fromEntries(
      SUMMED.map((figure) => [
        figure,
        yen(current[figure] - (before?.[figure] ?? 0) + (after?.[figure] ?? 0)),
      ]),
    ) as Summed;
    next = {
      ...current,
      ...sums,
      confirmedAmount: yen(
        current.confirmedAmount - (before?.confirmedAmount ?? 0) + (after?.confirmedAmount ?? 0),
      ),
      cases: current.cases - (before ? 1 : 0) + (after ? 1 : 0),
      casesByStage: plus(minus(current.casesByStage, stageCount(before)), stageCount(after)) as Partial<
        Record<ApplicationStage, number>
      >,
      eventCounts: plus(minus(current.eventCounts, before?.eventCounts), after?.eventCounts),
    };
  }
  if (next.budgetAmount === null && next.cases === 0) return undefined;
  return {
    ...next,
    remainingAmount: next.budgetAmount === null ? null : yen(next.budgetAmount - next.decidedAmount),
  };
}

const stageCount = (c: BudgetExecutionCase | undefined): Record<string, number> | undefined =>
  c ? { [c.stage]: 1 } : undefined;

function plus(counts: Readonly<Record<string, number>>, more: Readonly<Record<string, number>> | undefined) {
  const result: Record<string, number> = { ...counts };
  for (const [key, n] of Object.entries(more ?? {})) result[key] = (result[key] ?? 0) + n;
  return result;
}

/** The counts less `less`; a count that reaches zero is dropped. */
function minus(counts: Readonly<Record<string, number>>, less: Readonly<Record<string, number>> | undefined) {
  const result: Record<string, number> = { ...counts };
  for (const [key, n] of Object.entries(less ?? {})) {
    const left = (result[key] ?? 0) - n;
    if (left === 0) delete result[key];
    else result[key] = left;
  }
  return result;
}
