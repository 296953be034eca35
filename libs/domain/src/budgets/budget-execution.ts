import type { ApplicationEvent } from '../applications/application-events.ts';
import type { ApplicationStage } from '../applications/application-stage.ts';
import {
  evolveApplication,
  initialApplicationState,
  type ApplicationState,
} from '../applications/application-state.ts';
import type { ApplicationRecipient } from '../applications/application-terms.ts';
import { type Yen, yen } from '../shared/money.ts';
import type { BudgetEvent } from './budget-events.ts';

/**
 * 予算執行: per programme × fiscal year, the budget against what was decided, changed, paid (概算払 and
 * 精算払), confirmed and refunded, with the cases per stage — tallied from the budget and application
 * events themselves, so that every figure names the events it counts.
 */

/** The figures of a line, and which events each one counts (`PaymentRecorded:advance` = 概算払). */
export const BUDGET_EXECUTION_FIGURE_SOURCES = {
  budgetAmount: ['BudgetAllocated', 'BudgetReallocated'],
  initialDecidedAmount: ['GrantDecided'],
  changeAmount: ['ChangeApproved'],
  decidedAmount: ['GrantDecided', 'ChangeApproved'],
  advancePaidAmount: ['PaymentRecorded:advance'],
  settlementPaidAmount: ['PaymentRecorded:settlement'],
  paidAmount: ['PaymentRecorded:advance', 'PaymentRecorded:settlement'],
  confirmedAmount: ['AmountConfirmed'],
  refundedAmount: ['RefundRecorded'],
  remainingAmount: ['BudgetAllocated', 'BudgetReallocated', 'GrantDecided', 'ChangeApproved'],
} as const;

export type BudgetExecutionFigure = keyof typeof BUDGET_EXECUTION_FIGURE_SOURCES;

/** One case's share, as the drill-down shows it. */
export interface BudgetExecutionCase {
  readonly applicationId: string;
  readonly programId: string;
  readonly menuId: string;
  readonly fiscalYear: number;
  readonly programYear: number;
  readonly recipient: ApplicationRecipient;
  readonly stage: ApplicationStage;
  readonly requestedAmount: Yen | null;
  /** 当初交付決定額: the amount of the grant decision. */
  readonly initialDecidedAmount: Yen;
  /** 変更: the net of the approved changes (negative when a change lowered the grant). */
  readonly changeAmount: Yen;
  readonly approvedChanges: number;
  /** 交付決定額 after the changes. */
  readonly decidedAmount: Yen;
  /** 概算払 */
  readonly advancePaidAmount: Yen;
  /** 精算払 */
  readonly settlementPaidAmount: Yen;
  readonly paidAmount: Yen;
  /** 額確定; null until confirmed. */
  readonly confirmedAmount: Yen | null;
  /** 返還 received. */
  readonly refundedAmount: Yen;
  /** The events of the case counted, by type (payments by kind). */
  readonly eventCounts: Readonly<Record<string, number>>;
}

/** One programme × fiscal year. */
export interface BudgetExecutionLine {
  readonly programId: string;
  readonly fiscalYear: number;
  /** 予算額; null while none is allocated. */
  readonly budgetAmount: Yen | null;
  readonly initialDecidedAmount: Yen;
  readonly changeAmount: Yen;
  readonly decidedAmount: Yen;
  readonly advancePaidAmount: Yen;
  readonly settlementPaidAmount: Yen;
  readonly paidAmount: Yen;
  readonly confirmedAmount: Yen;
  readonly refundedAmount: Yen;
  /** 執行残: budget − decided (after changes); null without a budget. */
  readonly remainingAmount: Yen | null;
  readonly cases: number;
  readonly casesByStage: Readonly<Partial<Record<ApplicationStage, number>>>;
  /** The budget and application events counted for this line, by type (payments by kind). */
  readonly eventCounts: Readonly<Record<string, number>>;
}

interface CaseTally {
  state: ApplicationState;
  initialDecided: number;
  change: number;
  approvedChanges: number;
  advancePaid: number;
  settlementPaid: number;
  readonly eventCounts: Record<string, number>;
}

interface BudgetTally {
  amount: number;
  readonly eventCounts: Record<string, number>;
}

const keyOf = (programId: string, fiscalYear: number): string => `${fiscalYear}\u0000${programId}`;

/** The key an event is counted under: payments by kind, everything else by type. */
export function budgetExecutionCountKey(event: ApplicationEvent | BudgetEvent): string {
  return event.type === 'PaymentRecorded' ? `PaymentRecorded:${event.data.kind}` : event.type;
}

function count(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * The tally the report is read from: fed budget and application events in log order (`add`), it keeps
 * each case's state (the domain's own evolveApplication) and its money, and each budget.
 */
export class BudgetExecutionTally {
  private readonly budgets = new Map<string, BudgetTally>();
  private readonly cases = new Map<string, CaseTally>();
  private counted = 0;

  /** How many events were added. */
  get eventsCounted(): number {
    return this.counted;
  }

  addBudgetEvent(event: BudgetEvent): void {
    const key = keyOf(event.data.programId, event.data.fiscalYear);
    const budget = this.budgets.get(key) ?? { amount: 0, eventCounts: {} };
    budget.amount = event.data.amount;
    count(budget.eventCounts, budgetExecutionCountKey(event));
    this.budgets.set(key, budget);
    this.counted += 1;
  }

  addApplicationEvent(event: ApplicationEvent): void {
    const id = event.data.applicationId;
    const tally = this.cases.get(id) ?? {
      state: initialApplicationState,
      initialDecided: 0,
      change: 0,
      approvedChanges: 0,
      advancePaid: 0,
      settlementPaid: 0,
      eventCounts: {},
    };
    tally.state = evolveApplication(tally.state, event);
    switch (event.type) {
      case 'GrantDecided':
        tally.initialDecided = event.data.grant.amount;
        break;
      case 'ChangeApproved':
        tally.change += event.data.grant.amount - event.data.previousGrantedAmount;
        tally.approvedChanges += 1;
        break;
      case 'PaymentRecorded':
        if (event.data.kind === 'advance') tally.advancePaid += event.data.amount;
        else tally.settlementPaid += event.data.amount;
        break;
      default:
        break;
    }
    count(tally.eventCounts, budgetExecutionCountKey(event));
    this.cases.set(id, tally);
    this.counted += 1;
  }

  /** The cases of one programme × fiscal year (or all), by application id. */
  caseLines(filter: BudgetExecutionFilter = {}): BudgetExecutionCase[] {
    const lines: BudgetExecutionCase[] = [];
    for (const [applicationId, tally] of this.cases) {
      const ref = tally.state.ref;
      if (!ref || !matches(filter, ref.programId, ref.fiscalYear)) continue;
      const { state } = tally;
      lines.push({
        applicationId,
        programId: ref.programId,
        menuId: ref.menuId,
        fiscalYear: ref.fiscalYear,
        programYear: ref.programYear,
        recipient: ref.recipient,
        stage: state.stage,
        requestedAmount: state.requestedAmount ?? null,
        initialDecidedAmount: yen(tally.initialDecided),
        changeAmount: yen(tally.change),
        approvedChanges: tally.approvedChanges,
        decidedAmount: yen(state.grant?.amount ?? 0),
        advancePaidAmount: yen(tally.advancePaid),
        settlementPaidAmount: yen(tally.settlementPaid),
        paidAmount: state.paid,
        confirmedAmount: state.confirmedAmount ?? null,
        refundedAmount: state.refunded,
        eventCounts: { ...tally.eventCounts },
      });
    }
    return lines.sort(
      (a, b) =>
        a.fiscalYear - b.fiscalYear ||
        compare(a.programId, b.programId) ||
        compare(a.applicationId, b.applicationId),
    );
  }

  /** One line per programme × fiscal year with a budget or a case, fiscal year then programme. */
  lines(filter: BudgetExecutionFilter = {}): BudgetExecutionLine[] {
    const byKey = new Map<string, BudgetExecutionLine>();
    const lineOf = (programId: string, fiscalYear: number): BudgetExecutionLine => {
      const key = keyOf(programId, fiscalYear);
      const existing = byKey.get(key);
      if (existing) return existing;
      const budget = this.budgets.get(key);
      const line: BudgetExecutionLine = {
        ...emptyLine(programId, fiscalYear),
        budgetAmount: budget ? yen(budget.amount) : null,
        eventCounts: { ...budget?.eventCounts },
      };
      byKey.set(key, line);
      return line;
    };
    for (const [key, budget] of this.budgets) {
      const [fiscalYear, programId] = key.split('\u0000') as [string, string];
      if (matches(filter, programId, Number(fiscalYear)) && budget) lineOf(programId, Number(fiscalYear));
    }
    for (const c of this.caseLines(filter)) {
      const line = lineOf(c.programId, c.fiscalYear);
      const eventCounts: Record<string, number> = { ...line.eventCounts };
      for (const [type, n] of Object.entries(c.eventCounts)) eventCounts[type] = (eventCounts[type] ?? 0) + n;
      byKey.set(keyOf(c.programId, c.fiscalYear), {
        ...line,
        initialDecidedAmount: yen(line.initialDecidedAmount + c.initialDecidedAmount),
        changeAmount: yen(line.changeAmount + c.changeAmount),
        decidedAmount: yen(line.decidedAmount + c.decidedAmount),
        advancePaidAmount: yen(line.advancePaidAmount + c.advancePaidAmount),
        settlementPaidAmount: yen(line.settlementPaidAmount + c.settlementPaidAmount),
        paidAmount: yen(line.paidAmount + c.paidAmount),
        confirmedAmount: yen(line.confirmedAmount + (c.confirmedAmount ?? 0)),
        refundedAmount: yen(line.refundedAmount + c.refundedAmount),
        cases: line.cases + 1,
        casesByStage: { ...line.casesByStage, [c.stage]: (line.casesByStage[c.stage] ?? 0) + 1 },
        eventCounts,
      });
    }
    return [...byKey.values()]
      .map((line) => ({
        ...line,
        remainingAmount: line.budgetAmount === null ? null : yen(line.budgetAmount - line.decidedAmount),
      }))
      .sort((a, b) => a.fiscalYear - b.fiscalYear || compare(a.programId, b.programId));
  }
}

export interface BudgetExecutionFilter {
  readonly programId?: string;
  readonly fiscalYear?: number;
}

/** Which events each figure counts on a line: the figure's source, for auditors. */
export function budgetExecutionSources(
  line: Pick<BudgetExecutionLine, 'eventCounts'>,
): Record<BudgetExecutionFigure, Record<string, number>> {
  return Object.fromEntries(
    Object.entries(BUDGET_EXECUTION_FIGURE_SOURCES).map(([figure, types]) => [
      figure,
      Object.fromEntries(types.map((type) => [type, line.eventCounts[type] ?? 0])),
    ]),
  ) as Record<BudgetExecutionFigure, Record<string, number>>;
}

function emptyLine(programId: string, fiscalYear: number): BudgetExecutionLine {
  const zero = yen(0);
  return {
    programId,
    fiscalYear,
    budgetAmount: null,
    initialDecidedAmount: zero,
    changeAmount: zero,
    decidedAmount: zero,
    advancePaidAmount: zero,
    settlementPaidAmount: zero,
    paidAmount: zero,
    confirmedAmount: zero,
    refundedAmount: zero,
    remainingAmount: null,
    cases: 0,
    casesByStage: {},
    eventCounts: {},
  };
}

function matches(filter: BudgetExecutionFilter, programId: string, fiscalYear: number): boolean {
  return (
    (filter.programId === undefined || filter.programId === programId) &&
    (filter.fiscalYear === undefined || filter.fiscalYear === fiscalYear)
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
