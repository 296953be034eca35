import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  COLLABORATION_SURVEY_COMMAND_ROLES,
  COLLABORATION_SURVEY_ITEMS_H27,
  COLLABORATION_SURVEY_ITEMS_H28,
  COLLABORATION_SURVEY_REPORT_ROLES,
  collaborationSurveyReport,
  type CollaborationSurveyCommand,
  type Municipality,
} from '#domain';
import { CLOCK, type Clock } from '#platform';
import { CommandGateway } from '#workflow';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { Roles } from '../auth/access.decorators.ts';
import { commandMetadataOf } from '../commands/command-metadata.ts';
import { plainData } from '../commands/command-dto.ts';
import { FiscalYearParams } from '../designations/designation.dto.ts';
import { MUNICIPALITIES } from '../designations/municipalities.provider.ts';
import {
  ApiReportFormats,
  ReportFormatQueryDto,
  sendReport,
  type ReportResponse,
} from '../reports/export/report-format.ts';
import {
  collaborationSurveyCsv,
  collaborationSurveyFilename,
  collaborationSurveySvg,
  collaborationSurveyXlsx,
} from './collaboration-survey-report-formats.ts';
import { CollaborationSurveyReportDto } from '../reports/report-responses.dto.ts';
import { OpenSurveyRoundDto, SurveyAnswerDto } from './collaboration-survey.dto.ts';

const ITEM_SETS = { H27: COLLABORATION_SURVEY_ITEMS_H27, H28: COLLABORATION_SURVEY_ITEMS_H28 };

/**
 * 在宅医療・介護連携推進事業 (ア)–(ク): the municipal survey, one round per fiscal year, and its report
 * this year against last. n is the municipalities outside the islands in the reference data (53).
 */
@ApiTags('collaboration-surveys')
@Controller('collaboration-surveys')
export class CollaborationSurveyController {
  private readonly surveyed: readonly string[];

  constructor(
    private readonly gateway: CommandGateway,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MUNICIPALITIES) municipalities: readonly Municipality[],
  ) {
    this.surveyed = municipalities.filter((m) => !m.island).map((m) => m.code);
  }

  @Post(':fiscalYear')
  @Roles(...COLLABORATION_SURVEY_COMMAND_ROLES.OpenCollaborationSurveyRound)
  @ApiOperation({
    summary:
      '調査の開始 (OpenCollaborationSurveyRound): the basis (reference date, note, answers counted as 実施) and the items; the municipalities are the 53 outside the islands',
  })
  @ApiCreatedResponse({ description: 'The round, with n' })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED; INVALID_SURVEY_ROUND naming every field of the item set or basis',
  })
  @ApiConflictResponse({ description: 'ROUND_ALREADY_OPEN with another basis or item set' })
  async open(
    @Param() { fiscalYear }: FiscalYearParams,
    @Body() body: OpenSurveyRoundDto,
    @CurrentRequest() context: RequestContext,
  ) {
    const itemSet = body.itemSet
      ? plainData<typeof COLLABORATION_SURVEY_ITEMS_H28>(body.itemSet)
      : ITEM_SETS[body.itemSetVersion ?? 'H28'];
    const outcome = await this.send(fiscalYear, context, {
      type: 'OpenCollaborationSurveyRound',
      data: {
        fiscalYear,
        basis: {
          referenceDate: body.referenceDate,
          note: body.note,
          countedAnswers: [...body.countedAnswers],
        },
        itemSet,
        municipalityCodes: [...this.surveyed],
      },
    });
    return { fiscalYear, n: this.surveyed.length, events: outcome.events, position: outcome.position };
  }

  @Post(':fiscalYear/answers')
  @Roles(...COLLABORATION_SURVEY_COMMAND_ROLES.AnswerCollaborationSurvey)
  @ApiOperation({
    summary:
      '回答 (AnswerCollaborationSurvey): a municipality for itself, or a caseworker entering a paper answer with its source; a second answer is a correction with a reason',
  })
  @ApiCreatedResponse({
    description: 'CollaborationSurveyAnswered or CollaborationSurveyAnswerCorrected (none for a retry)',
  })
  @ApiBadRequestResponse({ description: 'UNKNOWN_SURVEY_ITEM or MUNICIPALITY_NOT_SURVEYED, naming it' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no survey round for the fiscal year' })
  @ApiConflictResponse({
    description: 'ANSWER_ALREADY_RECORDED: a second answer without a correction reason',
  })
  async answer(
    @Param() { fiscalYear }: FiscalYearParams,
    @Body() body: SurveyAnswerDto,
    @CurrentRequest() context: RequestContext,
  ) {
    const { reason, ...data } = plainData<SurveyAnswerDto>(body);
    const outcome = await this.send(fiscalYear, context, { type: 'AnswerCollaborationSurvey', data }, reason);
    return {
      fiscalYear,
      municipalityCode: body.municipalityCode,
      events: outcome.events,
      position: outcome.position,
    };
  }

  @Get(':fiscalYear')
  @Roles(...COLLABORATION_SURVEY_REPORT_ROLES)
  @ApiOperation({
    summary: 'The round: basis, items, n, and who has answered (with the source and corrections)',
  })
  @ApiOkResponse({ description: 'The round' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no survey round for the fiscal year' })
  async round(@Param() { fiscalYear }: FiscalYearParams, @CurrentRequest() { actor }: RequestContext) {
    const { state } = await this.gateway.find('collaborationSurvey', fiscalYear, { actor });
    const round = state.round!;
    return {
      ...round,
      n: round.municipalityCodes.length,
      answers: [...state.answers].map(([municipalityCode, a]) => ({ municipalityCode, ...a })),
      notAnswered: round.municipalityCodes.filter((code) => !state.answers.has(code)),
    };
  }

  @Get(':fiscalYear/report')
  @Roles(...COLLABORATION_SURVEY_REPORT_ROLES)
  @ApiOperation({
    summary:
      '集計結果: per line, count and share of n this year and last, and the change in points computed from the counts (△ for a decrease; blank without last year)',
  })
  @ApiReportFormats(
    'The report (json), a CSV, seed 001’s table as .xlsx, or a bar chart as SVG',
    undefined,
    CollaborationSurveyReportDto,
  )
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming format' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no survey round for the fiscal year' })
  @HttpCode(HttpStatus.OK)
  async report(
    @Param() { fiscalYear }: FiscalYearParams,
    @Query() { format }: ReportFormatQueryDto,
    @CurrentRequest() { actor }: RequestContext,
    @Res() res: ReportResponse,
  ): Promise<void> {
    const current = await this.gateway.find('collaborationSurvey', fiscalYear, { actor });
    const previous = await this.gateway.load('collaborationSurvey', fiscalYear - 1, { actor });
    const report = collaborationSurveyReport(current.state, previous.exists ? previous.state : undefined);
    await sendReport(res, format, collaborationSurveyFilename(report), {
      json: () => report,
      csv: () => collaborationSurveyCsv(report),
      xlsx: () => collaborationSurveyXlsx(report, this.clock.now()),
      svg: () => collaborationSurveySvg(report),
    });
  }

  private send(
    fiscalYear: number,
    context: RequestContext,
    command: Omit<CollaborationSurveyCommand, 'actor' | 'at'>,
    reason?: string,
  ) {
    return this.gateway
      .send(
        'collaborationSurvey',
        fiscalYear,
        {
          ...command,
          actor: context.actor,
          at: this.clock.now(),
          ...(reason ? { reason } : {}),
        } as CollaborationSurveyCommand,
        { metadata: commandMetadataOf(context) },
      )
      .then((outcome) => ({ events: outcome.events.map((e) => e.type), position: outcome.position }));
  }
}
