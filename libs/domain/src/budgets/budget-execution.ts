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

/** One case's running tally: its state (the domain's evolveApplication) and its money. Plain data (JSON). */
export interface BudgetExecutionCaseTally {
  readonly state: ApplicationState;
  readonly initialDecided: number;
  readonly change: number;
  readonly approvedChanges: number;
  readonly advancePaid: number;
  readonly settlementPaid: number;
  readonly eventCounts: Readonly<Record<string, number>>;
}

/** One programme year's budget: the amount last allocated and the budget events counted. Plain data (JSON). */
export interface BudgetExecutionBudgetTally {
  readonly amount: number;
  readonly eventCounts: Readonly<Record<string, number>>;
}

const keyOf = (programId: string, fiscalYear: number): string => `${fiscalYear}\u0000${programId}`;

/** The key an event is counted under: payments by kind, everything else by type. */
export function budgetExecutionCountKey(event: ApplicationEvent | BudgetEvent): string {
  return event.type === 'PaymentRecorded' ? `PaymentRecorded:${event.data.kind}` : event.type;
}

function counted(counts: Readonly<Record<string, number>>, key: string): Record<string, number> {
  return { ...counts, [key]: (counts[key] ?? 0) + 1 };
}

/** A budget event folded into its programme year's budget tally (pure: the report's replay and its read model share it). */
export function evolveBudgetExecutionBudget(
  budget: BudgetExecutionBudgetTally | undefined,
  event: BudgetEvent,
): BudgetExecutionBudgetTally {
  return {
    amount: event.data.amount,
    eventCounts: counted(budget?.eventCounts ?? {}, budgetExecutionCountKey(event)),
  };
}

/** An application event folded into its case's tally (pure: the report's replay and its read model share it). */
export function evolveBudgetExecutionCase(
  tally: BudgetExecutionCaseTally | undefined,
  event: ApplicationEvent,
): BudgetExecutionCaseTally {
  const current = tally ?? {
    state: initialApplicationState,
    initialDecided: 0,
    change: 0,
    approvedChanges: 0,
    advancePaid: 0,
    settlementPaid: 0,
    eventCounts: {},
  };
  const next = {
    ...current,
    state: evolveApplication(current.state, event),
    eventCounts: counted(current.eventCounts, budgetExecutionCountKey(event)),
  };
  switch (event.type) {
    case 'GrantDecided':
      return { ...next, initialDecided: event.data.grant.amount };
    case 'ChangeApproved':
      return {
        ...next,
        change: current.change + event.data.grant.amount - event.data.previousGrantedAmount,
        approvedChanges: current.approvedChanges + 1,
      };
    case 'PaymentRecorded':
      return event.data.kind === 'advance'
        ? { ...next, advancePaid: current.advancePaid + event.data.amount }
        : { ...next, settlementPaid: current.settlementPaid + event.data.amount };
    default:
      return next;
  }
}

/** A case's drill-down line from its tally (undefined before the case has its programme year). */
export function budgetExecutionCaseOf(
  applicationId: string,
  tally: BudgetExecutionCaseTally,
): BudgetExecutionCase | undefined {
  const { state } = tally;
  const ref = state.ref;
  if (!ref) return undefined;
  return {
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
  };
}

/** A programme year's budget, as the read model and the tally hold it. */
export interface BudgetExecutionBudgetOf extends BudgetExecutionBudgetTally {
  readonly programId: string;
  readonly fiscalYear: number;
}

/**
 * One line per programme × fiscal year with a budget or a case (matching the filter), fiscal year then
 * programme: the budgets against the sums of their cases' lines.
 */
export function budgetExecutionLines(
  budgets: Iterable<BudgetExecutionBudgetOf>,
  cases: Iterable<BudgetExecutionCase>,
  filter: BudgetExecutionFilter = {},
): BudgetExecutionLine[] {
  const budgetOf = new Map<string, BudgetExecutionBudgetOf>();
  for (const budget of budgets) budgetOf.set(keyOf(budget.programId, budget.fiscalYear), budget);
  const byKey = new Map<string, BudgetExecutionLine>();
  const lineOf = (programId: string, fiscalYear: number): BudgetExecutionLine => {
    const key = keyOf(programId, fiscalYear);
    const existing = byKey.get(key);
    if (existing) return existing;
    const budget = budgetOf.get(key);
    const line: BudgetExecutionLine = {
      ...emptyLine(programId, fiscalYear),
      budgetAmount: budget ? yen(budget.amount) : null,
      eventCounts: { ...budget?.eventCounts },
    };
    byKey.set(key, line);
    return line;
  };
  for (const { programId, fiscalYear } of budgetOf.values()) {
    if (matches(filter, programId, fiscalYear)) lineOf(programId, fiscalYear);
  }
  for (const c of cases) {
    if (!matches(filter, c.programId, c.fiscalYear)) continue;
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

/** How one batch of events changed a programme year: its budget (before, after) and cases (before, after). */
export interface BudgetExecutionLineChange {
  readonly programId: string;
  readonly fiscalYear: number;
  /** The budget before and after, when it changed. */
  readonly budget?: {
    readonly before: BudgetExecutionBudgetTally | undefined;
    readonly after: BudgetExecutionBudgetTally;
  };
  /** The changed cases of this year as they were (removed from the line) … */
  readonly removed: readonly BudgetExecutionCase[];
  /** … and as they are now (added). */
  readonly added: readonly BudgetExecutionCase[];
}

/**
 * A programme year's line after `change`, from the line before it (undefined: none yet): the changed
 * cases' old figures taken out and their new ones put in, the budget's likewise. Exact (integer yen,
 * counts): the same line as budgetExecutionLines over all the year's budget and cases, without reading
 * every case of the year again.
 */
export function budgetExecutionLineAfter(
  line: BudgetExecutionLine | undefined,
  change: BudgetExecutionLineChange,
): BudgetExecutionLine {
  let next = line ?? emptyLine(change.programId, change.fiscalYear);
  if (change.budget) {
    next = {
      ...next,
      budgetAmount: yen(change.budget.after.amount),
      eventCounts: addedCounts(
        addedCounts(next.eventCounts, change.budget.before?.eventCounts ?? {}, -1),
        change.budget.after.eventCounts,
        1,
      ),
    };
  }
  for (const c of change.removed) next = withCase(next, c, -1);
  for (const c of change.added) next = withCase(next, c, 1);
  return {
    ...next,
    remainingAmount: next.budgetAmount === null ? null : yen(next.budgetAmount - next.decidedAmount),
  };
}

/** The line with one case's figures added (sign 1) or taken out (sign -1). */
function withCase(line: BudgetExecutionLine, c: BudgetExecutionCase, sign: 1 | -1): BudgetExecutionLine {
  return {
    ...line,
    initialDecidedAmount: yen(line.initialDecidedAmount + sign * c.initialDecidedAmount),
    changeAmount: yen(line.changeAmount + sign * c.changeAmount),
    decidedAmount: yen(line.decidedAmount + sign * c.decidedAmount),
    advancePaidAmount: yen(line.advancePaidAmount + sign * c.advancePaidAmount),
    settlementPaidAmount: yen(line.settlementPaidAmount + sign * c.settlementPaidAmount),
    paidAmount: yen(line.paidAmount + sign * c.paidAmount),
    confirmedAmount: yen(line.confirmedAmount + sign * (c.confirmedAmount ?? 0)),
    refundedAmount: yen(line.refundedAmount + sign * c.refundedAmount),
    cases: line.cases + sign,
    casesByStage: addedCounts(line.casesByStage, { [c.stage]: 1 }, sign),
    eventCounts: addedCounts(line.eventCounts, c.eventCounts, sign),
  };
}

/** Counts plus (or minus) others; a count that falls to zero is dropped, as a sum from scratch never has it. */
function addedCounts<K extends string>(
  counts: Readonly<Partial<Record<K, number>>>,
  others: Readonly<Partial<Record<K, number>>>,
  sign: 1 | -1,
): Record<K, number> {
  const result = { ...counts } as Record<K, number>;
  for (const [key, n] of Object.entries(others) as [K, number][]) {
    const total = (result[key] ?? 0) + sign * n;
    if (total === 0) delete result[key];
    else result[key] = total;
  }
  return result;
}

/** The cases' lines, fiscal year, programme, then application id. */
export function sortBudgetExecutionCases(cases: BudgetExecutionCase[]): BudgetExecutionCase[] {
  return cases.sort(
    (a, b) =>
      a.fiscalYear - b.fiscalYear ||
      compare(a.programId, b.programId) ||
      compare(a.applicationId, b.applicationId),
  );
}

/**
 * The tally the report is read from: fed budget and application events in log order (`add`), it keeps
 * each case's tally and each budget through the pure evolves above; it may start from tallies kept in
 * the read model (`restore…`), then fed only the events after them.
 */
export class BudgetExecutionTally {
  private readonly budgets = new Map<string, BudgetExecutionBudgetOf>();
  private readonly cases = new Map<string, BudgetExecutionCaseTally>();
  private counted = 0;

  /** How many events were added (and restored). */
  get eventsCounted(): number {
    return this.counted;
  }

  addBudgetEvent(event: BudgetEvent): void {
    const { programId, fiscalYear } = event.data;
    const key = keyOf(programId, fiscalYear);
    this.budgets.set(key, {
      programId,
      fiscalYear,
      ...evolveBudgetExecutionBudget(this.budgets.get(key), event),
    });
    this.counted += 1;
  }

  addApplicationEvent(event: ApplicationEvent): void {
    const id = event.data.applicationId;
    this.cases.set(id, evolveBudgetExecutionCase(this.cases.get(id), event));
    this.counted += 1;
  }

  /** A budget as a read model kept it (its events counted). */
  restoreBudget(budget: BudgetExecutionBudgetOf): void {
    this.budgets.set(keyOf(budget.programId, budget.fiscalYear), budget);
    this.counted += sumOf(budget.eventCounts);
  }

  /** A case's tally as a read model kept it (its events counted). */
  restoreCase(applicationId: string, tally: BudgetExecutionCaseTally): void {
    this.cases.set(applicationId, tally);
    this.counted += sumOf(tally.eventCounts);
  }

  /** The cases of one programme × fiscal year (or all), by application id. */
  caseLines(filter: BudgetExecutionFilter = {}): BudgetExecutionCase[] {
    const lines: BudgetExecutionCase[] = [];
    for (const [applicationId, tally] of this.cases) {
      const line = budgetExecutionCaseOf(applicationId, tally);
      if (line && matches(filter, line.programId, line.fiscalYear)) lines.push(line);
    }
    return sortBudgetExecutionCases(lines);
  }

  /** One line per programme × fiscal year with a budget or a case, fiscal year then programme. */
  lines(filter: BudgetExecutionFilter = {}): BudgetExecutionLine[] {
    return budgetExecutionLines(this.budgets.values(), this.caseLines(filter), filter);
  }
}

const sumOf = (counts: Readonly<Record<string, number>>): number =>
  Object.values(counts).reduce((total, n) => total + n, 0);

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
