import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  APPLICATION_STAGE_LABELS,
  applicationStreamId,
  BUDGET_EXECUTION_FIGURE_SOURCES,
  budgetExecutionSources,
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
import { findProgramBudgets, PROGRAM_BUDGETS_PROJECTION, READ_MODEL_DATA_SOURCE } from '#projections';
import { budgetExecutionAsOf, RuleBook, type ReplayedUpTo } from '#workflow';
import type { DataSource } from 'typeorm';
import { AuditAccessLog, type RequestContext } from '../audit-log/audit-access-log.ts';
import { ApiException } from '../errors/api-exception.ts';
import { MUNICIPALITIES } from '../designations/municipalities.provider.ts';
import { asOfOfReportQuery, type ReportAsOfQuery } from './report-as-of.ts';

/** Where the figures come from: the events counted, replayed up to a point (or the whole log). */
export interface EventsSource {
  readonly kind: 'events';
  readonly categories: readonly string[];
  readonly eventsCounted: number;
  /** The last event counted (null: none yet). */
  readonly upTo: ReplayedUpTo | null;
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
 * 予算執行 per programme × fiscal year and its cases, replayed from the log (up to `?at=`/`?position=`
 * when given) through the domain's tally, so that each figure names the events it counts; a current
 * report adds the program-budgets read model's row beside it. A programme year with neither a budget nor
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
    const { asOf, point, replay } = await this.replay(context, filter, query);
    const lines = replay.tally.lines(filter);
    if (lines.length === 0) throw nothingFor(filter, point);
    await this.ruleBook.refresh();
    const readModel = asOf === undefined ? await this.readModelRows(filter) : undefined;
    return {
      title: '予算執行状況',
      asOf: point,
      filter,
      source: sourceOf(replay),
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
    const { point, replay } = await this.replay(context, filter, query);
    const { stage, ...programYear } = filter;
    if (replay.tally.lines(programYear).length === 0) throw nothingFor(programYear, point);
    await this.ruleBook.refresh();
    const names = new Map(this.municipalities.map((m) => [m.code, m.name]));
    const cases = replay.tally
      .caseLines(programYear)
      .filter((c) => stage === undefined || c.stage === stage)
      .map((c) => ({
        ...c,
        programName: this.programName(c.programId, c.fiscalYear),
        stageLabel: APPLICATION_STAGE_LABELS[c.stage],
        municipalityName: names.get(c.recipient.municipalityCode) ?? c.recipient.municipalityCode,
        source: { streamId: applicationStreamId(c.applicationId), eventCounts: c.eventCounts },
      }));
    return { title: '予算執行状況（案件別）', asOf: point, filter, source: sourceOf(replay), cases };
  }

  /** Replays the log; an as-of report is recorded in the access log before it is answered. */
  private async replay(context: RequestContext, filter: BudgetExecutionFilter, query: ReportAsOfQuery) {
    const { asOf, point } = asOfOfReportQuery(query);
    const replay = await budgetExecutionAsOf(this.store, asOf);
    if (asOf !== undefined) await this.recordAsOf(context, filter, point!, replay.upTo);
    return { asOf, point, replay };
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

function sourceOf(replay: Awaited<ReturnType<typeof budgetExecutionAsOf>>): EventsSource {
  return {
    kind: 'events',
    categories: replay.categories,
    eventsCounted: replay.tally.eventsCounted,
    upTo: replay.upTo ?? null,
  };
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
