import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BudgetExecutionFilter } from '#domain';
import { CLOCK, type Clock } from '#platform';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { Roles } from '../auth/access.decorators.ts';
import { FiscalYearParams } from '../designations/designation.dto.ts';
import { BUDGET_READERS } from '../read-models/read-model-roles.ts';
import {
  budgetExecutionCasesCsv,
  budgetExecutionCasesXlsx,
  budgetExecutionCsv,
  budgetExecutionSvg,
  budgetExecutionXlsx,
} from './budget-execution.exports.ts';
import {
  BudgetExecutionService,
  type BudgetExecutionCasesReport,
  type BudgetExecutionReport,
} from './budget-execution.service.ts';
import { designationStatusCsv, designationStatusXlsx } from './designation-status.exports.ts';
import { DesignationStatusService, type DesignationStatusReport } from './designation-status.service.ts';
import {
  ApiReportFormats,
  reportFormatOf,
  sendReport,
  type ReportRenderers,
  type ReportResponse,
} from './export/report-format.ts';
import {
  BudgetExecutionCasesReportDto,
  BudgetExecutionReportDto,
  DesignationStatusReportDto,
} from './report-responses.dto.ts';
import { BudgetExecutionCasesQueryDto, BudgetExecutionQueryDto, ReportQueryDto } from './reports.dto.ts';

const AS_OF =
  'With `?at=<ISO 8601 instant>` or `?position=<global position>` the log as it stood then (recorded in the access log); neither: now.';

/** Reports for the office (Excel, charts) and auditors (each figure names its source). */
@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly budgetExecution: BudgetExecutionService,
    private readonly designationStatus: DesignationStatusService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('budget-execution')
  @Roles(...BUDGET_READERS)
  @ApiOperation({
    summary:
      '予算執行: per programme × fiscal year, budget against decided, changes, paid, confirmed, refunds',
    description:
      'Budget (予算額), 当初交付決定額, 変更, 交付決定額 after changes, 執行残, 概算払, 精算払, 額確定, 返還 and the cases per ' +
      'stage, from the budget and application events: each line names, per figure, the events it counts ' +
      '(`sources`). Now: the budget-execution read model plus the events after its checkpoint (`source.readModel`), ' +
      'with the program-budgets read model row beside each line (`readModel`); as of a point: replayed from the log. ' +
      AS_OF,
  })
  @ApiReportFormats(
    'The report; svg: 予算額 against 交付決定額 and 支払額 (千円) across the years, or the programmes of one year',
    undefined,
    BudgetExecutionReportDto,
  )
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no budget and no case for that programme or fiscal year' })
  async report(
    @Query() query: BudgetExecutionQueryDto,
    @CurrentRequest() context: RequestContext,
    @Res() response: ReportResponse,
  ): Promise<void> {
    const filter = programYearOf(query);
    await answer(
      response,
      query.format,
      fileName('budget-execution', filter),
      () => this.budgetExecution.report(context, filter, query),
      (report: BudgetExecutionReport) => ({
        json: () => report,
        csv: () => budgetExecutionCsv(report),
        xlsx: () => budgetExecutionXlsx(report, this.clock.now()),
        svg: () => budgetExecutionSvg(report),
      }),
    );
  }

  @Get('budget-execution/cases')
  @Roles(...BUDGET_READERS)
  @ApiOperation({
    summary: '予算執行の内訳: the cases behind the figures, each with its stream and the events counted',
    description: AS_OF,
  })
  @ApiReportFormats('The cases', ['json', 'csv', 'xlsx'], BudgetExecutionCasesReportDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no budget and no case for that programme or fiscal year' })
  async cases(
    @Query() query: BudgetExecutionCasesQueryDto,
    @CurrentRequest() context: RequestContext,
    @Res() response: ReportResponse,
  ): Promise<void> {
    const filter = { ...programYearOf(query), ...(query.stage ? { stage: query.stage } : {}) };
    await answer(
      response,
      query.format,
      fileName('budget-execution-cases', filter),
      () => this.budgetExecution.cases(context, filter, query),
      (report: BudgetExecutionCasesReport) => ({
        json: () => report,
        csv: () => budgetExecutionCasesCsv(report),
        xlsx: () => budgetExecutionCasesXlsx(report, this.clock.now()),
      }),
    );
  }

  @Get('designation-status/:fiscalYear')
  @Roles('caseworker', 'approver', 'auditor')
  @ApiOperation({
    summary:
      '指定状況 of a round: 41自治体、171医療機関, 調整中 by name, the hub survey tally (50/62) and the published versions',
    description: `Replayed from the round's and the hub survey's streams, each named with the events counted. ${AS_OF}`,
  })
  @ApiReportFormats('The report', ['json', 'csv', 'xlsx'], DesignationStatusReportDto)
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no round for that fiscal year (then)' })
  async designationStatusReport(
    @Param() { fiscalYear }: FiscalYearParams,
    @Query() query: ReportQueryDto,
    @CurrentRequest() context: RequestContext,
    @Res() response: ReportResponse,
  ): Promise<void> {
    await answer(
      response,
      query.format,
      `designation-status-FY${fiscalYear}`,
      () => this.designationStatus.report(context, fiscalYear, query),
      (report: DesignationStatusReport) => ({
        json: () => report,
        csv: () => designationStatusCsv(report),
        xlsx: () => designationStatusXlsx(report, this.clock.now()),
      }),
    );
  }
}

/**
 * A format the report does not offer is a 400 before any work (its renderers are only looked at, not
 * run); then the report is computed and sent in the format asked for.
 */
async function answer<Report>(
  response: ReportResponse,
  format: string | undefined,
  filenameBase: string,
  compute: () => Promise<Report>,
  renderersOf: (report: Report) => ReportRenderers,
): Promise<void> {
  reportFormatOf(format, renderersOf(undefined as Report));
  await sendReport(response, format, filenameBase, renderersOf(await compute()));
}

function programYearOf(query: BudgetExecutionQueryDto): BudgetExecutionFilter {
  return {
    ...(query.programId ? { programId: query.programId } : {}),
    ...(query.fiscalYear ? { fiscalYear: Number(query.fiscalYear) } : {}),
  };
}

function fileName(base: string, filter: { programId?: string; fiscalYear?: number }): string {
  return [base, filter.fiscalYear ? `FY${filter.fiscalYear}` : undefined, filter.programId]
    .filter(Boolean)
    .join('-');
}
