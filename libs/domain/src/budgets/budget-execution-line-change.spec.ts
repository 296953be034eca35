import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  advancePaid,
  approver,
  changeRequested,
  closed,
  command,
  drafted,
  refundOrdered,
  run,
} from '../applications/__fixtures__/application-histories.ts';
import { isApplicationEvent, type ApplicationEvent } from '../applications/application-events.ts';
import { yen } from '../shared/money.ts';
import {
  budgetExecutionCaseOf,
  evolveBudgetExecutionBudget,
  evolveBudgetExecutionCase,
  BudgetExecutionTally,
  type BudgetExecutionBudgetTally,
  type BudgetExecutionCaseTally,
  type BudgetExecutionLine,
} from './budget-execution.ts';
import { budgetExecutionLineWith } from './budget-execution-line-change.ts';
import type { BudgetEvent } from './budget-events.ts';

const recorded = { actorId: 'cw-1', actorRole: 'caseworker' as const, at: '2016-04-01T01:00:00.000Z' };
const budget = (amount: number, type: BudgetEvent['type'] = 'BudgetAllocated'): BudgetEvent =>
  ({
    type,
    data: {
      programId: 'transition-support',
      fiscalYear: 2016,
      amount: yen(amount),
      recorded,
      reason: '補正',
    },
  }) as BudgetEvent;
const asCase = (id: string, history: readonly ApplicationEvent[]): ApplicationEvent[] =>
  history.map((e) => ({ ...e, data: { ...e.data, applicationId: id } }) as ApplicationEvent);

/** The line kept event by event from the line alone, as the read model keeps it. */
function keptLine(events: readonly (ApplicationEvent | BudgetEvent)[]): BudgetExecutionLine | undefined {
  const cases = new Map<string, BudgetExecutionCaseTally>();
  let tally: BudgetExecutionBudgetTally | undefined;
  let line: BudgetExecutionLine | undefined;
  for (const event of events) {
    if (isApplicationEvent(event)) {
      const id = event.data.applicationId;
      const before = cases.get(id);
      const after = evolveBudgetExecutionCase(before, event);
      cases.set(id, after);
      line = budgetExecutionLineWith(line, 'transition-support', 2016, {
        case: budgetExecutionCaseOf(id, after),
        before: before && budgetExecutionCaseOf(id, before),
      });
    } else {
      const year = { programId: 'transition-support', fiscalYear: 2016 };
      const before = tally && { ...year, ...tally };
      tally = evolveBudgetExecutionBudget(tally, event);
      line = budgetExecutionLineWith(line, 'transition-support', 2016, {
        budget: { ...year, ...tally },
        before,
      });
    }
  }
  return line;
}

/** The line summed over every case and the budget (the report's replay). */
function summedLine(events: readonly (ApplicationEvent | BudgetEvent)[]): BudgetExecutionLine | undefined {
  const tally = new BudgetExecutionTally();
  for (const event of events) {
    if (isApplicationEvent(event)) tally.addApplicationEvent(event);
    else tally.addBudgetEvent(event);
  }
  return tally.lines()[0];
}

describe('a budget execution line kept from its last value', () => {
  it('given a line with a draft, when the draft is submitted, then the stage moves and the case is counted once', () => {
    const submitted = run(
      drafted,
      command('SubmitApplication', {}, '2016-04-10', {
        id: 'h',
        role: 'institution',
        institutionId: 'hosp-1',
      }),
    );
    const line = keptLine(submitted);
    expect(line).toMatchObject({
      cases: 1,
      casesByStage: { Submitted: 1 },
      budgetAmount: null,
      remainingAmount: null,
    });
    expect(line?.casesByStage).not.toHaveProperty('Draft');
  });

  it('given a budget and a grant, when the budget is reallocated, then the remainder is the new budget less the decided', () => {
    const line = keptLine([budget(30_000_000), ...advancePaid, budget(40_000_000, 'BudgetReallocated')]);
    expect(line).toMatchObject({
      budgetAmount: 40_000_000,
      decidedAmount: 7_200_000,
      remainingAmount: 40_000_000 - 7_200_000,
      eventCounts: expect.objectContaining({ BudgetAllocated: 1, BudgetReallocated: 1, GrantDecided: 1 }),
    });
  });

  it('given no budget and no case with a programme year, then there is no line', () => {
    expect(keptLine([])).toBeUndefined();
  });

  const changed = run(changeRequested, command('ApproveChange', {}, '2016-08-10', approver, '1名退職を承認'));
  const streams: readonly (readonly (ApplicationEvent | BudgetEvent)[])[] = [
    asCase('a-draft', drafted),
    asCase('a-advance', advancePaid),
    asCase('a-changed', changed),
    asCase('a-closed', closed),
    asCase('a-refund', refundOrdered),
    [budget(30_000_000), budget(25_000_000, 'BudgetReallocated')],
  ];
  const total = streams.reduce((n, s) => n + s.length, 0);

  it('property: for any interleaving and any point of it, the kept line equals the sum over the budget and every case', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(streams.length - 1), { minLength: total, maxLength: total }),
        fc.nat(total),
        (choices, cut) => {
          const next = streams.map(() => 0);
          const events = choices.slice(0, cut).map((choice) => {
            let s = choice;
            while (next[s]! >= streams[s]!.length) s = (s + 1) % streams.length;
            return streams[s]![next[s]!++]!;
          });
          expect(keptLine(events)).toEqual(summedLine(events));
        },
      ),
      { numRuns: 200 },
    );
  });
});
