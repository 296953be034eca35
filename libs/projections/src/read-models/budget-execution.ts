import {
  APPLICATION_EVENT_TYPES,
  APPLICATION_STREAM_CATEGORY,
  BUDGET_EVENT_TYPES,
  BUDGET_STREAM_CATEGORY,
  budgetExecutionCaseOf,
  budgetExecutionLineWith,
  evolveBudgetExecutionBudget,
  evolveBudgetExecutionCase,
  isApplicationEvent,
  type ApplicationEvent,
  type BudgetEvent,
  type BudgetExecutionBudgetTally,
  type BudgetExecutionCase,
  type BudgetExecutionCaseTally,
  type BudgetExecutionLine,
  type BudgetExecutionLineChange,
  type DomainEvent,
} from '#domain';
import type { GlobalPosition, RecordedEvent } from '#event-store';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { Projector } from '../projector.ts';
import { READ_MODEL_SCHEMA } from '../read-model-schema.ts';
import { asStored, findRowsIn, foldEvent, upsertRows } from './batch-writes.ts';
import { alreadyApplied, domainEventIn, POSITION } from './read-model-columns.ts';

export const BUDGET_EXECUTION_PROJECTION = 'budget-execution';

/** The event a row was last changed by, as the report names it (`source.upTo`). */
export interface BudgetExecutionLastEvent {
  readonly position: string;
  readonly recordedAt: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
}

/** 予算執行's line per programme × fiscal year, as the current report shows it (the domain's own line). */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'budget_execution_lines' })
export class BudgetExecutionLineRow {
  @PrimaryColumn({ name: 'program_id', type: 'text' }) programId!: string;
  @PrimaryColumn({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  @Column({ type: 'jsonb' }) line!: BudgetExecutionLine;
  @Column({ name: 'last_event', type: 'jsonb' }) lastEvent!: BudgetExecutionLastEvent;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

/** A programme year's budget tally (the domain's evolveBudgetExecutionBudget). */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'budget_execution_budgets' })
export class BudgetExecutionBudgetRow {
  @PrimaryColumn({ name: 'program_id', type: 'text' }) programId!: string;
  @PrimaryColumn({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  @Column({ type: 'jsonb' }) tally!: BudgetExecutionBudgetTally;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

/** A case's tally (the domain's evolveBudgetExecutionCase): the drill-down line and its share of the line. */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'budget_execution_cases' })
export class BudgetExecutionCaseRow {
  @PrimaryColumn({ name: 'application_id', type: 'text' }) applicationId!: string;
  @Column({ name: 'program_id', type: 'text' }) programId!: string;
  @Column({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  @Column({ type: 'jsonb' }) tally!: BudgetExecutionCaseTally;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

const isBudgetEvent = (event: DomainEvent): event is BudgetEvent =>
  (BUDGET_EVENT_TYPES as readonly string[]).includes(event.type);

interface ProgramYear {
  readonly programId: string;
  readonly fiscalYear: number;
}

const keyOf = ({ programId, fiscalYear }: ProgramYear): string => `${fiscalYear}\u0000${programId}`;

/** The drill-down line of a stored case (undefined before its programme year is known). */
export function budgetExecutionCaseOfRow(row: BudgetExecutionCaseRow): BudgetExecutionCase | undefined {
  return budgetExecutionCaseOf(row.applicationId, row.tally);
}

/**
 * 予算執行, current: budget and application events folded through the domain's pure evolves into a
 * tally per budget and per case; each programme year's line is kept from its stored line alone
 * (budgetExecutionLineWith: the case's or budget's old share out, the new one in), so an event costs the
 * same however many cases its programme year has, and the line equals the domain's
 * budgetExecutionLines over the year's budget and cases (the report's own replay). A batch loads the
 * cases, budgets and lines it touches (one query each) and upserts each table once.
 */
export function budgetExecutionProjector(name = BUDGET_EXECUTION_PROJECTION): Projector {
  async function applyBatch(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const items = events.flatMap((recorded): BatchItem[] =>
      foldEvent(name, recorded, () => {
        const budget = domainEventIn(recorded, BUDGET_STREAM_CATEGORY, isBudgetEvent);
        if (budget) return [{ recorded, budget }];
        const application = domainEventIn(recorded, APPLICATION_STREAM_CATEGORY, isApplicationEvent);
        return application ? [{ recorded, application }] : [];
      }),
    );
    if (items.length === 0) return;
    const budgetRepository = manager.getRepository(BudgetExecutionBudgetRow);
    const caseIds = [
      ...new Set(items.flatMap(({ application }) => (application ? [application.data.applicationId] : []))),
    ];
    const cases = new Map(
      (await findRowsIn(manager, BudgetExecutionCaseRow, 'applicationId', caseIds)).map((r) => [
        r.applicationId,
        r,
      ]),
    );
    const years = new Map(
      items.map(({ budget, application }) => {
        const { programId, fiscalYear } = (budget ?? application)!.data;
        return [keyOf({ programId, fiscalYear }), { programId, fiscalYear }];
      }),
    );
    const budgets = new Map((await budgetRepository.findBy([...years.values()])).map((r) => [keyOf(r), r]));
    const lines = new Map(
      (await manager.getRepository(BudgetExecutionLineRow).findBy([...years.values()])).map((r) => [
        keyOf(r),
        r.line,
      ]),
    );

    const changedCases = new Map<string, BudgetExecutionCaseRow>();
    const changedBudgets = new Map<string, BudgetExecutionBudgetRow>();
    const touched = new Map<string, { year: ProgramYear; last: RecordedEvent }>();
    for (const { recorded, budget, application } of items) {
      if (budget) {
        const year = { programId: budget.data.programId, fiscalYear: budget.data.fiscalYear };
        const row = budgets.get(keyOf(year));
        if (alreadyApplied(row, recorded)) continue;
        const next: BudgetExecutionBudgetRow = {
          ...year,
          tally: foldEvent(name, recorded, () => evolveBudgetExecutionBudget(row?.tally, budget)),
          position: recorded.position,
        };
        budgets.set(keyOf(year), next);
        changedBudgets.set(keyOf(year), next);
        const before = row ? { ...year, ...row.tally } : undefined;
        lineChanged(year, { budget: { ...year, ...next.tally }, before }, recorded);
        continue;
      }
      const { applicationId, programId, fiscalYear } = application!.data;
      const row = cases.get(applicationId);
      if (alreadyApplied(row, recorded)) continue;
      const next: BudgetExecutionCaseRow = {
        applicationId,
        programId,
        fiscalYear,
        tally: foldEvent(name, recorded, () => asStored(evolveBudgetExecutionCase(row?.tally, application!))),
        position: recorded.position,
      };
      cases.set(applicationId, next);
      changedCases.set(applicationId, next);
      const before = row ? budgetExecutionCaseOfRow(row) : undefined;
      lineChanged({ programId, fiscalYear }, { case: budgetExecutionCaseOfRow(next), before }, recorded);
    }

    /** The line of `year` after `change` (the year of the case is its own, as budgetExecutionLines groups). */
    function lineChanged(year: ProgramYear, change: BudgetExecutionLineChange, recorded: RecordedEvent) {
      const share = 'budget' in change ? change.budget : (change.case ?? change.before);
      const lineYear = share ? { programId: share.programId, fiscalYear: share.fiscalYear } : year;
      const key = keyOf(lineYear);
      const line = foldEvent(name, recorded, () =>
        budgetExecutionLineWith(lines.get(key), lineYear.programId, lineYear.fiscalYear, change),
      );
      if (line) lines.set(key, line);
      touched.set(key, { year: lineYear, last: recorded });
    }

    if (touched.size === 0) return;
    await upsertRows(manager, BudgetExecutionCaseRow, [...changedCases.values()], ['applicationId']);
    await upsertRows(
      manager,
      BudgetExecutionBudgetRow,
      [...changedBudgets.values()],
      ['programId', 'fiscalYear'],
    );
    const rows = [...touched].flatMap(([key, { year, last }]): BudgetExecutionLineRow[] => {
      const line = lines.get(key);
      return line === undefined
        ? []
        : [{ ...year, line: asStored(line), lastEvent: lastEventOf(last), position: last.position }];
    });
    await upsertRows(manager, BudgetExecutionLineRow, rows, ['programId', 'fiscalYear']);
  }

  return {
    name,
    version: 2,
    eventTypes: [...BUDGET_EVENT_TYPES, ...APPLICATION_EVENT_TYPES],
    apply: (recorded: RecordedEvent, manager: EntityManager) => applyBatch([recorded], manager),
    applyBatch,
    async reset(manager: EntityManager): Promise<void> {
      for (const entity of [BudgetExecutionLineRow, BudgetExecutionBudgetRow, BudgetExecutionCaseRow]) {
        await manager.getRepository(entity).createQueryBuilder().delete().execute();
      }
    },
  };
}

interface BatchItem {
  readonly recorded: RecordedEvent;
  readonly budget?: BudgetEvent;
  readonly application?: ApplicationEvent;
}

function lastEventOf(recorded: RecordedEvent): BudgetExecutionLastEvent {
  return {
    position: recorded.position.toString(),
    recordedAt: recorded.recordedAt.toISOString(),
    type: recorded.type,
    streamId: recorded.streamId,
    revision: recorded.revision,
  };
}

/** Which programme years a query asks for (all when both absent). */
export interface BudgetExecutionYears {
  readonly programId?: string;
  readonly fiscalYear?: number;
}

const whereYears = ({ programId, fiscalYear }: BudgetExecutionYears) => ({
  ...(programId === undefined ? {} : { programId }),
  ...(fiscalYear === undefined ? {} : { fiscalYear }),
});

/** The stored lines of those programme years, fiscal year then programme. */
export function findBudgetExecutionLines(
  manager: EntityManager,
  years: BudgetExecutionYears,
): Promise<BudgetExecutionLineRow[]> {
  return manager
    .getRepository(BudgetExecutionLineRow)
    .find({ where: whereYears(years), order: { fiscalYear: 'ASC', programId: 'ASC' } });
}

/** The stored budget and case tallies of those programme years (what their lines are computed from). */
export async function findBudgetExecutionTallies(
  manager: EntityManager,
  years: BudgetExecutionYears,
): Promise<{ budgets: BudgetExecutionBudgetRow[]; cases: BudgetExecutionCaseRow[] }> {
  return {
    budgets: await manager.getRepository(BudgetExecutionBudgetRow).findBy(whereYears(years)),
    cases: await manager.getRepository(BudgetExecutionCaseRow).findBy(whereYears(years)),
  };
}
