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

/** Programme budgets: budget events set the budget; grants, confirmations, payments and refunds the totals. */
export function programBudgetsProjector(name = PROGRAM_BUDGETS_PROJECTION): Projector {
  return {
    name,
    version: 1,
    eventTypes: [...BUDGET_EVENT_TYPES, ...MONEY_EVENTS],
    async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
      const budget = domainEventIn(recorded, BUDGET_STREAM_CATEGORY, isBudgetEvent);
      if (budget) return applyBudget(manager, budget, recorded);
      const money = domainEventIn(recorded, APPLICATION_STREAM_CATEGORY, isMoneyEvent);
      if (money) return applyMoney(manager, money, recorded);
    },
    async reset(manager: EntityManager): Promise<void> {
      await manager.getRepository(ProgramBudget).createQueryBuilder().delete().execute();
      await manager.getRepository(ProgramBudgetCase).createQueryBuilder().delete().execute();
    },
  };
}

async function applyBudget(
  manager: EntityManager,
  event: BudgetEvent,
  recorded: RecordedEvent,
): Promise<void> {
  const budgets = manager.getRepository(ProgramBudget);
  const { programId, fiscalYear, amount } = event.data;
  const row = await budgets.findOneBy({ programId, fiscalYear });
  if (alreadyApplied(row, recorded)) return;
  await budgets.upsert(
    {
      programId,
      fiscalYear,
      budgetAmount: amount,
      budgetReason: event.type === 'BudgetReallocated' ? event.data.reason : null,
      position: recorded.position,
    },
    ['programId', 'fiscalYear'],
  );
}

async function applyMoney(manager: EntityManager, event: MoneyEvent, recorded: RecordedEvent): Promise<void> {
  const cases = manager.getRepository(ProgramBudgetCase);
  const { applicationId, programId, fiscalYear } = event.data;
  const row = await cases.findOneBy({ applicationId });
  if (alreadyApplied(row, recorded)) return;
  await cases.upsert(
    {
      grantedAmount: 0,
      confirmedAmount: null,
      totalPaid: 0,
      totalRefunded: 0,
      ...row,
      ...caseChange(event),
      applicationId,
      programId,
      fiscalYear,
      position: recorded.position,
    },
    ['applicationId'],
  );
  const totals: Record<string, string> | undefined = await cases
    .createQueryBuilder('c')
    .select('COALESCE(SUM(c.granted_amount), 0)', 'decided')
    .addSelect('COALESCE(SUM(c.confirmed_amount), 0)', 'confirmed')
    .addSelect('COALESCE(SUM(c.total_paid), 0)', 'paid')
    .addSelect('COALESCE(SUM(c.total_refunded), 0)', 'refunded')
    .addSelect('COUNT(*) FILTER (WHERE c.granted_amount > 0)', 'granted')
    .where('c.program_id = :programId AND c.fiscal_year = :fiscalYear', { programId, fiscalYear })
    .getRawOne();
  const budgets = manager.getRepository(ProgramBudget);
  const budget = await budgets.findOneBy({ programId, fiscalYear });
  await budgets.upsert(
    {
      programId,
      fiscalYear,
      decidedAmount: Number(totals?.decided ?? 0),
      confirmedAmount: Number(totals?.confirmed ?? 0),
      paidAmount: Number(totals?.paid ?? 0),
      refundedAmount: Number(totals?.refunded ?? 0),
      grantedCases: Number(totals?.granted ?? 0),
      position: budget && budget.position > recorded.position ? budget.position : recorded.position,
    },
    ['programId', 'fiscalYear'],
  );
}
