import type { Command } from '../shared/command.ts';
import type { DomainEvent } from '../shared/decider.ts';
import type { EventRecord } from '../shared/event-record.ts';
import type { Yen } from '../shared/money.ts';

/** 予算額 of one programme in one fiscal year: one stream `budget-<programId>.<fiscalYear>`. */
export const BUDGET_STREAM_CATEGORY = 'budget';

export function budgetStreamId(programId: string, fiscalYear: number): string {
  return `${BUDGET_STREAM_CATEGORY}-${programId}.${fiscalYear}`;
}

export interface BudgetRef {
  readonly programId: string;
  readonly fiscalYear: number;
}

/** Version 1 of the budget events. Amounts are integer yen. */
export type BudgetEvent =
  | DomainEvent<'BudgetAllocated', BudgetRef & { readonly amount: Yen; readonly recorded: EventRecord }>
  | DomainEvent<
      'BudgetReallocated',
      BudgetRef & {
        readonly previousAmount: Yen;
        readonly amount: Yen;
        /** Why the amount changed (補正予算, 流用…): required. */
        readonly reason: string;
        readonly recorded: EventRecord;
      }
    >;

export type BudgetEventType = BudgetEvent['type'];

export const BUDGET_EVENT_SCHEMA_VERSIONS: Readonly<Record<BudgetEventType, number>> = {
  BudgetAllocated: 1,
  BudgetReallocated: 1,
};

export const BUDGET_EVENT_TYPES = Object.keys(BUDGET_EVENT_SCHEMA_VERSIONS) as BudgetEventType[];

/** Sets the programme's budget for the fiscal year; a second one replaces it and must say why. */
export type AllocateBudget = Command<
  'AllocateBudget',
  { readonly programId: string; readonly fiscalYear: number; readonly amount: number }
>;

export type BudgetCommand = AllocateBudget;

export interface BudgetState {
  readonly ref?: BudgetRef;
  readonly amount?: Yen;
}
