import { describe, expect, it } from '@jest/globals';
import { SEED_CATALOGUE } from '../rules/seed-catalogue.ts';
import type { Actor } from '../shared/actor.ts';
import { deciderSpec } from '../shared/given-when-then.ts';
import { budgetDecider } from './budget-decider.ts';
import { budgetStreamId, type BudgetCommand, type BudgetEvent } from './budget-events.ts';

const given = deciderSpec(budgetDecider(SEED_CATALOGUE));
const caseworker: Actor = { id: 'cw-1', role: 'caseworker' };
const at = new Date('2016-04-01T10:00:00+09:00');
const recorded = { actorId: 'cw-1', actorRole: 'caseworker' as const, at: at.toISOString() };

function allocate(amount: number, actor: Actor = caseworker, reason?: string): BudgetCommand {
  return {
    type: 'AllocateBudget',
    data: { programId: 'transition-support', fiscalYear: 2016, amount },
    actor,
    at,
    ...(reason ? { reason } : {}),
  };
}

const allocated: BudgetEvent = {
  type: 'BudgetAllocated',
  data: { programId: 'transition-support', fiscalYear: 2016, amount: 72_000_000, recorded } as never,
};

describe('budgets (予算額 per programme × fiscal year)', () => {
  it('names its stream <category>-<programId>.<fiscalYear>', () => {
    expect(budgetStreamId('transition-support', 2016)).toBe('budget-transition-support.2016');
  });

  it('allocates a budget', () => {
    given([]).when(allocate(72_000_000)).then([allocated]);
  });

  it('reallocates with a reason: the new amount replaces the old one', () => {
    given([allocated])
      .when(allocate(80_000_000, caseworker, '補正予算'))
      .then([
        {
          type: 'BudgetReallocated',
          data: {
            programId: 'transition-support',
            fiscalYear: 2016,
            previousAmount: 72_000_000,
            amount: 80_000_000,
            reason: '補正予算',
            recorded: { ...recorded, reason: '補正予算' },
          } as never,
        },
      ]);
  });

  it('records nothing when the same amount is allocated again (a retry)', () => {
    given([allocated]).when(allocate(72_000_000)).then([]);
  });

  it('refuses a reallocation without a reason', () => {
    given([allocated]).when(allocate(1)).thenThrows('REASON_REQUIRED');
  });

  it('refuses roles other than caseworker, admin and system', () => {
    given([])
      .when(allocate(1, { id: 'ap-1', role: 'approver' }))
      .thenThrows('ROLE_NOT_ALLOWED');
    given([])
      .when(allocate(1, { id: 'au-1', role: 'auditor' }))
      .thenThrows('ROLE_NOT_ALLOWED');
    given([])
      .when(allocate(1, { id: 'adm', role: 'admin' }))
      .events();
  });

  it('refuses negative or fractional yen, unknown programmes and years outside the programme', () => {
    given([]).when(allocate(-1)).thenThrows('INVALID_MONEY');
    given([]).when(allocate(1.5)).thenThrows('INVALID_MONEY');
    const unknown = { ...allocate(1), data: { programId: 'nope', fiscalYear: 2016, amount: 1 } };
    given([]).when(unknown).thenThrows('UNKNOWN_PROGRAM');
    const outside = {
      ...allocate(1),
      data: { programId: 'transition-support', fiscalYear: 2030, amount: 1 },
    };
    given([]).when(outside).thenThrows('RULE_NOT_IN_FORCE');
  });

  it('refuses a command naming another programme than its stream', () => {
    const other = { ...allocate(1), data: { programId: 'transition-staffing', fiscalYear: 2016, amount: 1 } };
    const error = given([allocated]).when(other).thenThrows('INVALID_COMMAND_DATA');
    expect(error.details.field).toBe('programId');
  });
});
