import type { SubsidyProgramCatalogue } from '../rules/programme-catalogue.ts';
import type { Role } from '../shared/actor.ts';
import { refuse, requireReason, requireRole } from '../shared/command-guards.ts';
import type { Decider } from '../shared/decider.ts';
import { recordOf } from '../shared/event-record.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import { nonNegativeYen } from '../shared/money.ts';
import type { BudgetCommand, BudgetEvent, BudgetState } from './budget-events.ts';

/** Who sets budgets: the prefecture's office (and admin, system). */
export const BUDGET_ROLES: readonly Role[] = ['caseworker', 'admin', 'system'];

/**
 * 予算額 per programme × fiscal year: the first AllocateBudget records BudgetAllocated, a later one with
 * another amount BudgetReallocated (the new amount replaces the old, with a reason); the same amount
 * again records nothing (a retried request). The programme must be in force in that fiscal year.
 */
export function budgetDecider(
  catalogue: SubsidyProgramCatalogue,
): Decider<BudgetCommand, BudgetState, BudgetEvent> {
  function decide(command: BudgetCommand, state: BudgetState): BudgetEvent[] {
    requireRole(command, BUDGET_ROLES);
    const { programId } = command.data;
    const fy = fiscalYear(command.data.fiscalYear);
    catalogue.ruleAsOf(programId, fy); // UNKNOWN_PROGRAM, RULE_NOT_IN_FORCE
    const amount = nonNegativeYen(command.data.amount, 'amount');
    if (state.ref && (state.ref.programId !== programId || state.ref.fiscalYear !== fy)) {
      refuse(
        'INVALID_COMMAND_DATA',
        'programId',
        `${programId} ${fy}`,
        'this budget stream belongs to another programme or fiscal year',
        `${state.ref.programId} ${state.ref.fiscalYear}`,
      );
    }
    if (state.amount === undefined) {
      return [
        { type: 'BudgetAllocated', data: { programId, fiscalYear: fy, amount, recorded: recordOf(command) } },
      ];
    }
    if (state.amount === amount) return [];
    const reason = requireReason(command);
    return [
      {
        type: 'BudgetReallocated',
        data: {
          programId,
          fiscalYear: fy,
          previousAmount: state.amount,
          amount,
          reason,
          recorded: recordOf(command, reason),
        },
      },
    ];
  }

  function evolve(state: BudgetState, event: BudgetEvent): BudgetState {
    const { programId, fiscalYear: fy, amount } = event.data;
    return { ...state, ref: { programId, fiscalYear: fy }, amount };
  }

  return { initialState: {}, decide, evolve };
}
