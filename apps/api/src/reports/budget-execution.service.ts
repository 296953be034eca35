import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  APPLICATION_STAGE_LABELS,
  applicationStreamId,
  BUDGET_EXECUTION_FIGURE_SOURCES,
  budgetExecutionSources,
  BudgetExecutionTally,
  DomainError,
  fiscalYear as toFiscalYear,
  formatFiscalYearLabel,
  type ApplicationStage,
  type BudgetExecutionCase,
  type BudgetExecutionFigure,
  type BudgetExecutionFilter,
  type BudgetExecutionLine,
  type Municipality,
} from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '#platform';
import {
  BUDGET_EXECUTION_PROJECTION,
  findBudgetExecutionLines,
  findBudgetExecutionTallies,
  findProgramBudgets,
  PROGRAM_BUDGETS_PROJECTION,
  READ_MODEL_DATA_SOURCE,
  readCheckpoints,
  type BudgetExecutionLineRow,
} from '#projections';
import {
  addBudgetExecutionEvents,
  BUDGET_EXECUTION_CATEGORIES,
  budgetExecutionAsOf,
  budgetExecutionEventsAfter,
  replayedUpTo,
  RuleBook,
  type AsOf,
  type ReplayedUpTo,
} from '#workflow';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditAccessLog, type RequestContext } from '../audit-log/audit-access-log.ts';
import { ApiException } from '../errors/api-exception.ts';
import { MUNICIPALITIES } from '../designations/municipalities.provider.ts';
import { asOfOfReportQuery, type ReportAsOfQuery } from './report-as-of.ts';

/**
 * Where the figures come from: the events counted, replayed up to a point (as of), or — a current
 * report — the budget-execution read model's rows and the events of the log after its checkpoint.
 */
export interface EventsSource {
  readonly kind: 'events';
  readonly categories: readonly string[];
  /** As of: every budget and application event replayed; current: those behind the programme years answered. */
  readonly eventsCounted: number;
  /** The last event counted (null: none yet). */
  readonly upTo: ReplayedUpTo | null;
  /** Current reports: the read model read, its checkpoint, and the events after it counted on top. */
  readonly readModel?: {
    readonly projection: string;
    readonly position: string;
    readonly eventsAfter: number;
  };
}

/** The figures of a report: its lines, its cases (when asked for), and where they come from. */
interface Figures {
  readonly lines: readonly BudgetExecutionLine[];
  readonly cases: readonly BudgetExecutionCase[];
  readonly source: EventsSource;
}

/** The program-budgets read model's row for the same programme year: the same figures, from the projection. */
export interface ReadModelFigures {
  readonly projection: string;
  /** The position of the last event that changed the row. */
  readonly position: string;
  readonly budgetAmount: number | null;
  readonly decidedAmount: number;
  readonly confirmedAmount: number;
  readonly paidAmount: number;
  readonly refundedAmount: number;
}

export interface BudgetExecutionReportLine extends BudgetExecutionLine {
  readonly programName: string;
  readonly fiscalYearLabel: string;
  /** Each figure's events, by type and count. */
  readonly sources: Readonly<Record<BudgetExecutionFigure, Readonly<Record<string, number>>>>;
  /** The read model's figures (current reports only; null without a row): a second, independent source. */
  readonly readModel?: ReadModelFigures | null;
}

export interface BudgetExecutionReport {
  readonly title: string;
  readonly asOf: { readonly at?: string; readonly position?: string } | null;
  readonly filter: BudgetExecutionFilter;
  readonly source: EventsSource;
  readonly lines: readonly BudgetExecutionReportLine[];
}

export interface BudgetExecutionCaseLine extends BudgetExecutionCase {
  readonly programName: string;
  readonly stageLabel: string;
  readonly municipalityName: string;
  /** The case's own stream, and the events of it counted: GET /history/streams/<streamId> replays them. */
  readonly source: { readonly streamId: string; readonly eventCounts: Readonly<Record<string, number>> };
}

export interface BudgetExecutionCasesReport {
  readonly title: string;
  readonly asOf: { readonly at?: string; readonly position?: string } | null;
  readonly filter: BudgetExecutionFilter & { readonly stage?: string };
  readonly source: EventsSource;
  readonly cases: readonly BudgetExecutionCaseLine[];
}

export { BUDGET_EXECUTION_FIGURE_SOURCES };

/**
 * 予算執行 per programme × fiscal year and its cases through the domain's tally, so that each figure
 * names the events it counts: as of `?at=`/`?position=` replayed from the log; now, from the
 * budget-execution read model and the events after its checkpoint, and the program-budgets read model's
 * row beside each line. A programme year with neither a budget nor
 * a case is a 404.
 */
@Injectable()
export class BudgetExecutionService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(MUNICIPALITIES) private readonly municipalities: readonly Municipality[],
    private readonly ruleBook: RuleBook,
    private readonly accessLog: AuditAccessLog,
  ) {}

  async report(
    context: RequestContext,
    filter: BudgetExecutionFilter,
    query: ReportAsOfQuery,
  ): Promise<BudgetExecutionReport> {
    const { asOf, point } = asOfOfReportQuery(query);
    const { lines, source } =
      asOf === undefined
        ? await this.current(filter, { withCases: false })
        : await this.replay(context, filter, asOf, point!);
    if (lines.length === 0) throw nothingFor(filter, point);
    await this.ruleBook.refresh();
    const readModel = asOf === undefined ? await this.readModelRows(filter) : undefined;
    return {
      title: '予算執行状況',
      asOf: point,
      filter,
      source,
      lines: lines.map((line) => ({
        ...line,
        programName: this.programName(line.programId, line.fiscalYear),
        fiscalYearLabel: formatFiscalYearLabel(toFiscalYear(line.fiscalYear)),
        sources: budgetExecutionSources(line),
        ...(readModel ? { readModel: readModel.get(`${line.fiscalYear}/${line.programId}`) ?? null } : {}),
      })),
    };
  }

  async cases(
    context: RequestContext,
    filter: BudgetExecutionFilter & { readonly stage?: ApplicationStage },
    query: ReportAsOfQuery,
  ): Promise<BudgetExecutionCasesReport> {
    const { stage, ...programYear } = filter;
    const { asOf, point } = asOfOfReportQuery(query);
    const figures =
      asOf === undefined
        ? await this.current(programYear, { withCases: true })
        : await this.replay(context, programYear, asOf, point!);
    if (figures.lines.length === 0) throw nothingFor(programYear, point);
    await this.ruleBook.refresh();
    const names = new Map(this.municipalities.map((m) => [m.code, m.name]));
    const cases = figures.cases
      .filter((c) => stage === undefined || c.stage === stage)
      .map((c) => ({
        ...c,
        programName: this.programName(c.programId, c.fiscalYear),
        stageLabel: APPLICATION_STAGE_LABELS[c.stage],
        municipalityName: names.get(c.recipient.municipalityCode) ?? c.recipient.municipalityCode,
        source: { streamId: applicationStreamId(c.applicationId), eventCounts: c.eventCounts },
      }));
    return { title: '予算執行状況（案件別）', asOf: point, filter, source: figures.source, cases };
  }

  /** As of a point: replays the log up to it, recorded in the access log before it is answered. */
  private async replay(
    context: RequestContext,
    filter: BudgetExecutionFilter,
    asOf: AsOf,
    point: { at?: string; position?: string },
  ): Promise<Figures> {
    const replay = await budgetExecutionAsOf(this.store, asOf);
    await this.recordAsOf(context, filter, point, replay.upTo);
    return {
      lines: replay.tally.lines(filter),
      cases: replay.tally.caseLines(filter),
      source: {
        kind: 'events',
        categories: replay.categories,
        eventsCounted: replay.tally.eventsCounted,
        upTo: replay.upTo ?? null,
      },
    };
  }

  /**
   * Now: the budget-execution read model's rows of the programme years asked for, read with its
   * checkpoint in one snapshot, and the budget and application events after that checkpoint (the log's
   * category index: as many as the projector is behind, none when caught up) folded on top with the same
   * domain evolves. The lines alone are read when no later event touches them; otherwise (and for the
   * cases) the budget and case tallies of those programme years.
   */
  private async current(
    filter: BudgetExecutionFilter,
    { withCases }: { withCases: boolean },
  ): Promise<Figures> {
    if (!withCases) {
      const { position, result: rows } = await this.snapshot((m) => findBudgetExecutionLines(m, filter));
      const after = await budgetExecutionEventsAfter(this.store, position);
      if (addBudgetExecutionEvents(new BudgetExecutionTally(), after, filter).length === 0) {
        const lines = rows.map((row) => row.line);
        return {
          lines,
          cases: [],
          source: {
            ...this.readModelSource(position, 0),
            eventsCounted: lines.reduce((n, line) => n + sumOf(line.eventCounts), 0),
            upTo: latestOf(rows),
          },
        };
      }
    }
    const { position, result } = await this.snapshot(async (m) => ({
      rows: await findBudgetExecutionLines(m, filter),
      ...(await findBudgetExecutionTallies(m, filter)),
    }));
    const tally = new BudgetExecutionTally();
    for (const { programId, fiscalYear, tally: budget } of result.budgets) {
      tally.restoreBudget({ programId, fiscalYear, ...budget });
    }
    for (const row of result.cases) tally.restoreCase(row.applicationId, row.tally);
    const counted = addBudgetExecutionEvents(
      tally,
      await budgetExecutionEventsAfter(this.store, position),
      filter,
    );
    const last = counted.at(-1);
    return {
      lines: tally.lines(filter),
      cases: tally.caseLines(filter),
      source: {
        ...this.readModelSource(position, counted.length),
        eventsCounted: tally.eventsCounted,
        upTo: last ? replayedUpTo(last) : latestOf(result.rows),
      },
    };
  }

  /** Reads the read model and its checkpoint in one snapshot (0 when the projector never ran). */
  private async snapshot<T>(
    read: (manager: EntityManager) => Promise<T>,
  ): Promise<{ position: bigint; result: T }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [checkpoint] = await readCheckpoints(manager, [BUDGET_EXECUTION_PROJECTION]);
      return { position: checkpoint?.position ?? 0n, result: await read(manager) };
    });
  }

  private readModelSource(position: bigint, eventsAfter: number) {
    return {
      kind: 'events' as const,
      categories: BUDGET_EXECUTION_CATEGORIES,
      readModel: { projection: BUDGET_EXECUTION_PROJECTION, position: position.toString(), eventsAfter },
    };
  }

  private async recordAsOf(
    context: RequestContext,
    filter: BudgetExecutionFilter,
    point: { at?: string; position?: string },
    upTo: ReplayedUpTo | undefined,
  ): Promise<void> {
    await this.accessLog.record(context, 'AsOfQueried', {
      scope: 'asOf',
      resource: 'budgetExecution',
      id: `${filter.fiscalYear ?? '*'}/${filter.programId ?? '*'}`,
      ...point,
      found: upTo !== undefined,
      ...(upTo ? { upToPosition: upTo.position } : {}),
    });
  }

  private async readModelRows(filter: BudgetExecutionFilter): Promise<Map<string, ReadModelFigures>> {
    const rows = await findProgramBudgets(this.dataSource.manager, filter);
    return new Map(
      rows.map((row) => [
        `${row.fiscalYear}/${row.programId}`,
        {
          projection: PROGRAM_BUDGETS_PROJECTION,
          position: row.position.toString(),
          budgetAmount: row.budgetAmount,
          decidedAmount: row.decidedAmount,
          confirmedAmount: row.confirmedAmount,
          paidAmount: row.paidAmount,
          refundedAmount: row.refundedAmount,
        },
      ]),
    );
  }

  /** The programme's name in that year's catalogue (its latest version's when not in force then). */
  programName(programId: string, fiscalYear: number): string {
    try {
      const { catalogue } = this.ruleBook.rules;
      const versions = catalogue.versionsOf(programId);
      const inForce = versions.filter((v) => v.period.value.from <= fiscalYear);
      return (inForce.at(-1) ?? versions.at(-1))!.name.ja;
    } catch (error) {
      if (error instanceof DomainError) return programId;
      throw error;
    }
  }
}

const sumOf = (counts: Readonly<Record<string, number>>): number =>
  Object.values(counts).reduce((total, n) => total + n, 0);

/** The last event behind the rows (null: none). */
function latestOf(rows: readonly BudgetExecutionLineRow[]): ReplayedUpTo | null {
  let latest: BudgetExecutionLineRow | undefined;
  for (const row of rows) if (latest === undefined || row.position > latest.position) latest = row;
  return latest?.lastEvent ?? null;
}

function nothingFor(filter: BudgetExecutionFilter, point: { at?: string; position?: string } | null) {
  const what = [
    filter.programId ? `programme ${filter.programId}` : undefined,
    filter.fiscalYear ? `FY${filter.fiscalYear}` : undefined,
  ]
    .filter(Boolean)
    .join(' in ');
  const when = point?.at ? ` as of ${point.at}` : point?.position ? ` as of position ${point.position}` : '';
  return new ApiException(
    HttpStatus.NOT_FOUND,
    'NOT_FOUND',
    `no budget and no case for ${what || 'any programme year'}${when}`,
  );
}
