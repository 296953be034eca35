import { describe, expect, it } from '@jest/globals';
import {
  advancePaid,
  approver,
  caseworker,
  changeRequested,
  closed,
  command,
  drafted,
  granted,
  refundOrdered,
  run,
  settled,
} from '../applications/__fixtures__/application-histories.ts';
import type { ApplicationEvent } from '../applications/application-events.ts';
import {
  budgetExecutionLineAfter,
  budgetExecutionSources,
  BudgetExecutionTally,
  evolveBudgetExecutionBudget,
} from './budget-execution.ts';
import { yen } from '../shared/money.ts';
import type { BudgetEvent } from './budget-events.ts';

const recorded = { actorId: 'cw-1', actorRole: 'caseworker' as const, at: '2016-04-01T01:00:00.000Z' };
const budget = (amount: number, fiscalYear = 2016): BudgetEvent => ({
  type: 'BudgetAllocated',
  data: { programId: 'transition-support', fiscalYear, amount: yen(amount), recorded },
});

/** The same history as another case. */
const asCase = (id: string, history: readonly ApplicationEvent[]): ApplicationEvent[] =>
  history.map((e) => ({ ...e, data: { ...e.data, applicationId: id } }) as ApplicationEvent);

function tallyOf(budgets: readonly BudgetEvent[], ...cases: ApplicationEvent[][]): BudgetExecutionTally {
  const tally = new BudgetExecutionTally();
  for (const b of budgets) tally.addBudgetEvent(b);
  for (const history of cases) for (const e of history) tally.addApplicationEvent(e);
  return tally;
}

describe('budget execution (予算執行) per programme × fiscal year', () => {
  // transition-support FY2016: 2 persons × 3,600,000円 at 10/10 = 7,200,000円 per grant.
  const changed = run(changeRequested, command('ApproveChange', {}, '2016-08-10', approver, '1名退職を承認'));

  it('sums decided, changes, advance and settlement payments, confirmations and refunds, cases per stage', () => {
    const tally = tallyOf(
      [budget(30_000_000)],
      asCase('a-draft', drafted),
      asCase('a-advance', advancePaid),
      asCase('a-changed', changed),
      asCase('a-closed', closed),
      asCase('a-refund', refundOrdered),
    );
    const [line, ...others] = tally.lines();
    expect(others).toEqual([]);
    expect(line).toMatchObject({
      programId: 'transition-support',
      fiscalYear: 2016,
      budgetAmount: 30_000_000,
      initialDecidedAmount: 4 * 7_200_000,
      changeAmount: -3_600_000,
      decidedAmount: 4 * 7_200_000 - 3_600_000,
      advancePaidAmount: 2 * 7_200_000,
      settlementPaidAmount: 7_200_000,
      paidAmount: 3 * 7_200_000,
      confirmedAmount: 7_200_000 + 5_000_000,
      refundedAmount: 0,
      remainingAmount: 30_000_000 - (4 * 7_200_000 - 3_600_000),
      cases: 5,
      casesByStage: { Draft: 1, GrantDecided: 2, Closed: 1, RefundOrdered: 1 },
    });
    expect(budgetExecutionSources(line!)).toMatchObject({
      budgetAmount: { BudgetAllocated: 1, BudgetReallocated: 0 },
      decidedAmount: { GrantDecided: 4, ChangeApproved: 1 },
      advancePaidAmount: { 'PaymentRecorded:advance': 2 },
      settlementPaidAmount: { 'PaymentRecorded:settlement': 1 },
      confirmedAmount: { AmountConfirmed: 2 },
    });
    expect(tally.eventsCounted).toBe(
      1 + drafted.length + advancePaid.length + changed.length + closed.length + refundOrdered.length,
    );
  });

  it('counts a refund received, and the drill-down lists each case with its own figures and events', () => {
    const refunded = run(
      refundOrdered,
      command('RecordRefund', { refundId: 'r-1', amount: 2_200_000 }, '2017-05-10', caseworker, '返還金収納'),
    );
    const tally = tallyOf([], asCase('a-refund', refunded), asCase('a-settled', settled));
    expect(tally.lines()[0]).toMatchObject({
      budgetAmount: null,
      remainingAmount: null,
      refundedAmount: 2_200_000,
    });
    expect(tally.caseLines()).toEqual([
      expect.objectContaining({
        applicationId: 'a-refund',
        stage: 'AmountConfirmed',
        decidedAmount: 7_200_000,
        paidAmount: 7_200_000,
        confirmedAmount: 5_000_000,
        refundedAmount: 2_200_000,
        eventCounts: expect.objectContaining({ RefundOrdered: 1, RefundRecorded: 1 }),
      }),
      expect.objectContaining({
        applicationId: 'a-settled',
        stage: 'AmountConfirmed',
        settlementPaidAmount: 7_200_000,
      }),
    ]);
  });

  it('keeps programme years apart, a budget without cases included; filters by programme and year', () => {
    const tally = tallyOf([budget(10_000_000, 2016), budget(20_000_000, 2017)], asCase('a-1', granted));
    expect(tally.lines().map((l) => [l.fiscalYear, l.budgetAmount, l.decidedAmount, l.cases])).toEqual([
      [2016, 10_000_000, 7_200_000, 1],
      [2017, 20_000_000, 0, 0],
    ]);
    expect(tally.lines({ fiscalYear: 2017 })).toHaveLength(1);
    expect(tally.lines({ programId: 'no-such' })).toEqual([]);
    expect(tally.caseLines({ fiscalYear: 2017 })).toEqual([]);
  });

  it('a line carried forward by the changed cases and budget equals the line summed from scratch', () => {
    // Given the year's line after the first events: a budget, three cases part-way, one not yet begun.
    const histories = [
      asCase('b-changed', changed),
      asCase('b-closed', closed),
      asCase('b-refund', refundOrdered),
      asCase('b-new', advancePaid),
    ];
    const allocated = budget(30_000_000);
    const reallocated: BudgetEvent = {
      type: 'BudgetReallocated',
      data: {
        ...allocated.data,
        previousAmount: yen(30_000_000),
        amount: yen(25_000_000),
        reason: '補正予算',
      },
    };
    const cut = [changed.length, 3, 2, 0];
    const before = tallyOf([allocated], ...histories.map((h, i) => h.slice(0, cut[i])));
    const [lineBefore] = before.lines();
    // When the rest of the events come (the budget reallocated, two cases on, one new, one unchanged) …
    const after = tallyOf([allocated, reallocated], ...histories);
    const moved = (c: { applicationId: string }) => c.applicationId !== 'b-changed';
    const line = budgetExecutionLineAfter(lineBefore, {
      programId: 'transition-support',
      fiscalYear: 2016,
      budget: {
        before: evolveBudgetExecutionBudget(undefined, allocated),
        after: evolveBudgetExecutionBudget(evolveBudgetExecutionBudget(undefined, allocated), reallocated),
      },
      removed: before.caseLines().filter(moved),
      added: after.caseLines().filter(moved),
    });
    // … then the line carried forward is the line of all the events, counts that fell to zero gone.
    expect(line).toEqual(after.lines()[0]);
    expect(line.casesByStage).not.toHaveProperty('Draft');
    // And with nothing before it: the line of the budget and cases alone.
    expect(
      budgetExecutionLineAfter(undefined, {
        programId: 'transition-support',
        fiscalYear: 2016,
        budget: { before: undefined, after: evolveBudgetExecutionBudget(undefined, allocated) },
        removed: [],
        added: tallyOf([], ...histories).caseLines(),
      }),
    ).toEqual(tallyOf([allocated], ...histories).lines()[0]);
  });
});
