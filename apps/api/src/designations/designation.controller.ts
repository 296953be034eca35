import { Body, Controller, Get, Header, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { publicationToCsv, publicationToHtml, publicationToJson } from '#domain';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { Public, Roles } from '../auth/access.decorators.ts';
import { RequiredReasonDto } from '../commands/command-dto.ts';
import {
  FiscalYearParams,
  FollowUpAnswerDto,
  FollowUpSurveyDto,
  HubSurveyAnswerDto,
  IssueHubSurveyDto,
  InstitutionParams,
  OpenRoundDto,
  PublicationParams,
  PublishDto,
  RecommendationParams,
  RecommendDto,
  SurveyParams,
} from './designation.dto.ts';
import {
  DesignationCommandResponseDto,
  DesignationRoundDto,
  HubSurveyTallyDto,
} from './designation-responses.dto.ts';
import { DesignationService } from './designation.service.ts';

const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const;

/**
 * 在宅療養において積極的役割を担う医療機関: the yearly recommendation round (seed 002). The jobs drive
 * the calendar; these routes are the people's part: municipalities recommend, caseworkers acknowledge
 * warnings, revoke, and may run a step early; the published list is public.
 */
@ApiTags('designations (推薦・指定)')
@Controller()
export class DesignationController {
  constructor(private readonly designations: DesignationService) {}

  @Post('designation-rounds')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('caseworker')
  @ApiOperation({ summary: 'Open a round (the November job does this; here with a custom calendar)' })
  open(@Body() body: OpenRoundDto, @CurrentRequest() { actor, requestId }: RequestContext) {
    return this.designations.openRound(body.fiscalYear, body.calendar, actor, requestId);
  }

  @Get('designation-rounds/:fiscalYear')
  @Roles('caseworker', 'approver', 'auditor', 'municipality')
  @ApiOperation({
    summary: 'The round: calendar, recommendations (a municipality sees its own), status 指定状況',
  })
  @ApiOkResponse({ type: DesignationRoundDto })
  view(@Param() { fiscalYear }: FiscalYearParams, @CurrentRequest() { actor }: RequestContext) {
    return this.designations.view(fiscalYear, actor);
  }

  @Post('designation-rounds/:fiscalYear/recommendations')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('municipality', 'caseworker')
  @ApiOperation({ summary: '推薦: a municipality recommends an institution, with its consultation record' })
  recommend(
    @Param() { fiscalYear }: FiscalYearParams,
    @Body() body: RecommendDto,
    @CurrentRequest() { actor, requestId }: RequestContext,
  ) {
    return this.designations.round(fiscalYear, 'RecommendInstitution', { ...body }, actor, requestId);
  }

  @Post('designation-rounds/:fiscalYear/recommendations/:recommendationId/acknowledgement')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('caseworker')
  @ApiOperation({ summary: 'Acknowledge the warning on a non-support institution, so it can be designated' })
  acknowledge(@Param() params: RecommendationParams, @CurrentRequest() { actor, requestId }: RequestContext) {
    return this.designations.round(
      params.fiscalYear,
      'AcknowledgeRecommendationWarning',
      { recommendationId: params.recommendationId },
      actor,
      requestId,
    );
  }

  @Post('designation-rounds/:fiscalYear/recommendations/:recommendationId/withdrawal')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('municipality', 'caseworker')
  @ApiOperation({ summary: '推薦の取下げ (before designation; reason required)' })
  withdraw(
    @Param() params: RecommendationParams,
    @Body() body: RequiredReasonDto,
    @CurrentRequest() { actor, requestId }: RequestContext,
  ) {
    return this.designations.round(
      params.fiscalYear,
      'WithdrawRecommendation',
      { recommendationId: params.recommendationId },
      actor,
      requestId,
      body.reason,
    );
  }

  @Post('designation-rounds/:fiscalYear/designations')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('caseworker')
  @ApiOperation({
    summary: '指定: designate what is recommended (from the cut-off on; the daily job does this too)',
  })
  designate(
    @Param() { fiscalYear }: FiscalYearParams,
    @CurrentRequest() { actor, requestId }: RequestContext,
  ) {
    return this.designations.round(fiscalYear, 'DesignateRecommendedInstitutions', {}, actor, requestId);
  }

  @Post('designation-rounds/:fiscalYear/designations/:institutionId/revocation')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('caseworker')
  @ApiOperation({ summary: '指定の取消し (reason required)' })
  revoke(
    @Param() params: InstitutionParams,
    @Body() body: RequiredReasonDto,
    @CurrentRequest() { actor, requestId }: RequestContext,
  ) {
    return this.designations.round(
      params.fiscalYear,
      'RevokeDesignation',
      { institutionId: params.institutionId },
      actor,
      requestId,
      body.reason,
    );
  }

  @Post('designation-rounds/:fiscalYear/publications')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('caseworker')
  @ApiOperation({ summary: '公表: publish a new immutable version of the list with the coordination hubs' })
  async publish(
    @Param() { fiscalYear }: FiscalYearParams,
    @Body() body: PublishDto,
    @CurrentRequest() { actor, requestId }: RequestContext,
  ) {
    const hubs = body.coordinationHubs ?? (await this.designations.defaultHubs(fiscalYear));
    return this.designations.round(
      fiscalYear,
      'PublishDesignationList',
      { coordinationHubs: hubs },
      actor,
      requestId,
    );
  }

  @Get('designation-rounds/:fiscalYear/publications/:version.:format')
  @Public()
  @ApiOperation({ summary: 'A published version as JSON, CSV (UTF-8 with BOM, for Excel) or an HTML page' })
  async published(@Param() { fiscalYear, version, format }: PublicationParams, @Res() res: PublicResponse) {
    const publication = await this.designations.publication(fiscalYear, version);
    const body = { json: publicationToJson, csv: publicationToCsv, html: publicationToHtml }[format](
      publication,
    );
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    if (format === 'csv') {
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="designations-FY${fiscalYear}-v${version}.csv"`,
      );
    }
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.end(body);
  }

  @Post('designation-rounds/:fiscalYear/follow-up-surveys')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('caseworker')
  @ApiOperation({
    summary: '取組状況調査: survey the designated institutions (the job does this after publication)',
  })
  issueSurvey(
    @Param() { fiscalYear }: FiscalYearParams,
    @Body() body: FollowUpSurveyDto,
    @CurrentRequest() { actor, requestId }: RequestContext,
  ) {
    return this.designations.round(fiscalYear, 'IssueFollowUpSurvey', { ...body }, actor, requestId);
  }

  @Post('designation-rounds/:fiscalYear/follow-up-surveys/:surveyId/answers')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('institution', 'caseworker')
  @ApiOperation({ summary: 'A designated institution answers the follow-up survey (its own only)' })
  answerSurvey(
    @Param() params: SurveyParams,
    @Body() body: FollowUpAnswerDto,
    @CurrentRequest() { actor, requestId }: RequestContext,
  ) {
    this.designations.assertOwnInstitution(actor, body.institutionId);
    return this.designations.round(
      params.fiscalYear,
      'RecordFollowUpSurveyAnswer',
      { surveyId: params.surveyId, institutionId: body.institutionId, answers: body.answers },
      actor,
      requestId,
    );
  }

  @Post('hub-surveys')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('caseworker')
  @ApiOperation({
    summary: 'Issue the coordination-hub survey to every municipality (the November job does this)',
  })
  issueHubSurvey(@Body() body: IssueHubSurveyDto, @CurrentRequest() { actor, requestId }: RequestContext) {
    return this.designations.issueHubSurvey(body.fiscalYear, body.dueDate, actor, requestId);
  }

  @Post('hub-surveys/:fiscalYear/answers')
  @ApiCreatedResponse({ type: DesignationCommandResponseDto })
  @Roles('municipality', 'caseworker')
  @ApiOperation({ summary: '拠点の取組状況: a municipality answers the five required items' })
  answerHubSurvey(
    @Param() { fiscalYear }: FiscalYearParams,
    @Body() body: HubSurveyAnswerDto,
    @CurrentRequest() { actor, requestId }: RequestContext,
  ) {
    return this.designations.hubSurvey(
      fiscalYear,
      { type: 'AnswerHubSurvey', data: { ...body }, actor },
      requestId,
    );
  }

  @Get('hub-surveys/:fiscalYear/tally')
  @Roles('caseworker', 'approver', 'auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '回答状況 and, per item, 実施済 / 今後実施 (the seed form: 50/62; 35/8 …)' })
  @ApiOkResponse({ type: HubSurveyTallyDto })
  tally(@Param() { fiscalYear }: FiscalYearParams) {
    return this.designations.hubSurveyTally(fiscalYear);
  }
}

interface PublicResponse {
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}
