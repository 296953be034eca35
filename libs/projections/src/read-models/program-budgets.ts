import {
  APPLICATION_STREAM_CATEGORY,
  BUDGET_EVENT_TYPES,
  BUDGET_STREAM_CATEGORY,
  isApplicationEvent,
  type ApplicationEvent,
  type BudgetEvent,
  type DomainEvent,
} from '#domain';
import type { GlobalPosition, RecordedEvent } from '#event-store';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { Projector } from '../projector.ts';
import { READ_MODEL_SCHEMA } from '../read-model-schema.ts';
import { findRowsIn, foldEvent, upsertRows } from './batch-writes.ts';
import { alreadyApplied, domainEventIn, POSITION, YEN } from './read-model-columns.ts';

export const PROGRAM_BUDGETS_PROJECTION = 'program-budgets';

/** 予算額 per programme × fiscal year against what was decided, confirmed, paid and refunded. */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'program_budgets' })
export class ProgramBudget {
  @PrimaryColumn({ name: 'program_id', type: 'text' }) programId!: string;
  @PrimaryColumn({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  /** Null until a budget is allocated (grants may come first). */
  @Column({ name: 'budget_amount', type: 'bigint', nullable: true, transformer: YEN })
  budgetAmount!: number | null;
  /** Why the last reallocation changed it. */
  @Column({ name: 'budget_reason', type: 'text', nullable: true }) budgetReason!: string | null;
  @Column({ name: 'decided_amount', type: 'bigint', transformer: YEN }) decidedAmount!: number;
  @Column({ name: 'confirmed_amount', type: 'bigint', transformer: YEN }) confirmedAmount!: number;
  @Column({ name: 'paid_amount', type: 'bigint', transformer: YEN }) paidAmount!: number;
  @Column({ name: 'refunded_amount', type: 'bigint', transformer: YEN }) refundedAmount!: number;
  @Column({ name: 'granted_cases', type: 'integer' }) grantedCases!: number;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

/** Each case's share of its programme-year totals: the totals are sums over these rows, so a replay adds nothing. */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'program_budget_cases' })
export class ProgramBudgetCase {
  @PrimaryColumn({ name: 'application_id', type: 'text' }) applicationId!: string;
  @Column({ name: 'program_id', type: 'text' }) programId!: string;
  @Column({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  @Column({ name: 'granted_amount', type: 'bigint', transformer: YEN }) grantedAmount!: number;
  @Column({ name: 'confirmed_amount', type: 'bigint', nullable: true, transformer: YEN })
  confirmedAmount!: number | null;
  @Column({ name: 'total_paid', type: 'bigint', transformer: YEN }) totalPaid!: number;
  @Column({ name: 'total_refunded', type: 'bigint', transformer: YEN }) totalRefunded!: number;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

const MONEY_EVENTS = [
  'GrantDecided',
  'ChangeApproved',
  'AmountConfirmed',
  'PaymentRecorded',
  'RefundRecorded',
] as const satisfies readonly ApplicationEvent['type'][];

type MoneyEvent = Extract<ApplicationEvent, { type: (typeof MONEY_EVENTS)[number] }>;

const isMoneyEvent = (event: DomainEvent): event is MoneyEvent =>
  isApplicationEvent(event) && (MONEY_EVENTS as readonly string[]).includes(event.type);

const isBudgetEvent = (event: DomainEvent): event is BudgetEvent =>
  (BUDGET_EVENT_TYPES as readonly string[]).includes(event.type);

/** What a money event changes in its case's share. */
function caseChange(event: MoneyEvent): Partial<ProgramBudgetCase> {
  switch (event.type) {
    case 'GrantDecided':
    case 'ChangeApproved':
      return { grantedAmount: event.data.grant.amount };
    case 'AmountConfirmed':
      return { confirmedAmount: event.data.confirmedAmount };
    case 'PaymentRecorded':
      return { totalPaid: event.data.totalPaid };
    case 'RefundRecorded':
      return { totalRefunded: event.data.totalRefunded };
  }
}

/**
 * Programme budgets: budget events set the budget; grants, confirmations, payments and refunds the totals.
 * The totals are the sums of the case shares, kept by taking a case's old share out and its new one in
 * (withShare), so an event costs the same however many cases its programme year has. A batch loads the
 * case shares and budget rows it touches (one query each), folds in memory and upserts each table once.
 */
export function programBudgetsProjector(name = PROGRAM_BUDGETS_PROJECTION): Projector {
  async function applyBatch(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const items = events.flatMap((recorded): BatchItem[] =>
      foldEvent(name, recorded, () => {
        const budget = domainEventIn(recorded, BUDGET_STREAM_CATEGORY, isBudgetEvent);
        if (budget) return [{ recorded, budget }];
        const money = domainEventIn(recorded, APPLICATION_STREAM_CATEGORY, isMoneyEvent);
        return money ? [{ recorded, money }] : [];
      }),
    );
    if (items.length === 0) return;
    const budgetRepository = manager.getRepository(ProgramBudget);
    const caseIds = [...new Set(items.flatMap(({ money }) => (money ? [money.data.applicationId] : [])))];
    const cases = new Map(
      (await findRowsIn(manager, ProgramBudgetCase, 'applicationId', caseIds)).map((r) => [
        r.applicationId,
        r,
      ]),
    );
    const keys = new Map(
      items.map(({ budget, money }) => yearOf((budget ?? money)!.data)).map((k) => [keyOf(k), k]),
    );
    const budgets = new Map(
      (
        await budgetRepository.findBy(
          [...keys.values()].map(({ programId, fiscalYear }) => ({ programId, fiscalYear })),
        )
      ).map((r) => [keyOf(r), r]),
    );

    const changedCases = new Map<string, ProgramBudgetCase>();
    const changedBudgets = new Set<string>();
    for (const { recorded, budget, money } of items) {
      const key = keyOf((budget ?? money)!.data);
      const current = budgets.get(key) ?? emptyBudget((budget ?? money)!.data);
      if (budget) {
        if (alreadyApplied(budgets.get(key), recorded)) continue;
        budgets.set(key, {
          ...current,
          budgetAmount: budget.data.amount,
          budgetReason: budget.type === 'BudgetReallocated' ? budget.data.reason : null,
          position: recorded.position,
        });
        changedBudgets.add(key);
        continue;
      }
      const { applicationId, programId, fiscalYear } = money!.data;
      const row = cases.get(applicationId);
      if (alreadyApplied(row, recorded)) continue;
      const next: ProgramBudgetCase = {
        grantedAmount: 0,
        confirmedAmount: null,
        totalPaid: 0,
        totalRefunded: 0,
        ...row,
        ...caseChange(money!),
        applicationId,
        programId,
        fiscalYear,
        position: recorded.position,
      };
      cases.set(applicationId, next);
      changedCases.set(applicationId, next);
      budgets.set(key, {
        ...withShare(current, row, next),
        position: current.position > recorded.position ? current.position : recorded.position,
      });
      changedBudgets.add(key);
    }

    await upsertRows(manager, ProgramBudgetCase, [...changedCases.values()], ['applicationId']);
    await upsertRows(
      manager,
      ProgramBudget,
      [...changedBudgets].map((key) => budgets.get(key)!),
      ['programId', 'fiscalYear'],
    );
  }

  return {
    name,
    version: 2,
    eventTypes: [...BUDGET_EVENT_TYPES, ...MONEY_EVENTS],
    apply: (recorded: RecordedEvent, manager: EntityManager) => applyBatch([recorded], manager),
    applyBatch,
    async reset(manager: EntityManager): Promise<void> {
      await manager.getRepository(ProgramBudget).createQueryBuilder().delete().execute();
      await manager.getRepository(ProgramBudgetCase).createQueryBuilder().delete().execute();
    },
  };
}

interface BatchItem {
  readonly recorded: RecordedEvent;
  readonly budget?: BudgetEvent;
  readonly money?: MoneyEvent;
}

interface ProgramYear {
  readonly programId: string;
  readonly fiscalYear: number;
}

const yearOf = ({ programId, fiscalYear }: ProgramYear): ProgramYear => ({ programId, fiscalYear });

const keyOf = ({ programId, fiscalYear }: ProgramYear): string => `${fiscalYear}\u0000${programId}`;

/** The programme year's totals with one case's share replaced by its next value (exact integer yen). */
function withShare(
  budget: ProgramBudget,
  before: ProgramBudgetCase | undefined,
  after: ProgramBudgetCase,
): ProgramBudget {
  const granted = (share: ProgramBudgetCase | undefined) => ((share?.grantedAmount ?? 0) > 0 ? 1 : 0);
  return {
    ...budget,
    decidedAmount: budget.decidedAmount - (before?.grantedAmount ?? 0) + after.grantedAmount,
    confirmedAmount: budget.confirmedAmount - (before?.confirmedAmount ?? 0) + (after.confirmedAmount ?? 0),
    paidAmount: budget.paidAmount - (before?.totalPaid ?? 0) + after.totalPaid,
    refundedAmount: budget.refundedAmount - (before?.totalRefunded ?? 0) + after.totalRefunded,
    grantedCases: budget.grantedCases - granted(before) + granted(after),
  };
}

/** A programme-year's row before any event: what the table's defaults give an inserted row. */
function emptyBudget({ programId, fiscalYear }: ProgramYear): ProgramBudget {
  return {
    programId,
    fiscalYear,
    budgetAmount: null,
    budgetReason: null,
    decidedAmount: 0,
    confirmedAmount: 0,
    paidAmount: 0,
    refundedAmount: 0,
    grantedCases: 0,
    position: 0n,
  };
}
