import { applyDecorators, Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiExtension,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { v7 as uuidv7 } from 'uuid';
import {
  APPLICATION_COMMAND_ROLES,
  DomainError,
  grantAmount,
  type AmountDecision,
  type ApplicationCommand,
  type ApplicationCommandOf,
  type ApplicationCommandType,
  type Role,
} from '#domain';
import { CLOCK, type Clock } from '#platform';
import { applicationCaseOf, CommandGateway, RuleBook, type ApplicationCase } from '#workflow';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { Roles } from '../auth/access.decorators.ts';
import {
  ApplicationCommandResponseDto,
  plainData,
  ReasonDto,
  RequiredReasonDto,
} from '../commands/command-dto.ts';
import { commandMetadataOf } from '../commands/command-metadata.ts';
import { ApplicationCaseDto } from './application-case.dto.ts';
import {
  ApplicationParamsDto,
  DraftApplicationDto,
  RecordPaymentDto,
  RecordRefundDto,
  ReportPerformanceDto,
  RequestChangeDto,
  RequestCorrectionDto,
  ResubmitApplicationDto,
  StartReviewDto,
} from './application.dto.ts';

/**
 * Who may issue a command is declared once, in the domain's policy (APPLICATION_COMMAND_ROLES): the
 * route's roles and the gateway's check read the same table. Applicants act for their own cases (the
 * gateway checks the scope on the case it read: another's case is a 404); a caseworker may enter paper ones.
 */
const CommandRoles = (command: ApplicationCommandType) =>
  applyDecorators(
    Roles(...APPLICATION_COMMAND_ROLES[command]),
    // The roles the domain lets issue it (the route also lets admin and system through, whom the domain
    // refuses): the console offers the command to these (scripts/console/command-schemas.ts).
    ApiExtension('x-command-roles', [...APPLICATION_COMMAND_ROLES[command]]),
  );
const READERS: readonly Role[] = ['caseworker', 'approver', 'auditor', 'municipality', 'institution'];

type DataOf<T extends ApplicationCommandType> = ApplicationCommandOf<T>['data'];

/**
 * 交付申請から支払まで over HTTP: one POST per command, each answering where the case stands after it
 * (stage, allowed commands, the global position for `?afterPosition=`, revision, event types). Thin:
 * the rules are the domain's; the command gateway reads the case once, decides, appends and returns the
 * case after the command.
 */
@ApiTags('applications')
@Controller('applications')
@ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED, READ_ONLY_ROLE, OUT_OF_SCOPE, FOUR_EYES_VIOLATION' })
export class ApplicationsController {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly ruleBook: RuleBook,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':applicationId')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'The case folded from its stream: stage, allowed commands, next action and due date, amounts with traces, eligibility',
  })
  @ApiOkResponse({ description: 'The case', type: ApplicationCaseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such case, or another municipality’s / institution’s' })
  async find(
    @Param() { applicationId }: ApplicationParamsDto,
    @CurrentRequest() context: RequestContext,
  ): Promise<ApplicationCase & { proposedGrant: AmountDecision | null }> {
    const found = await this.caseInScope(applicationId, context);
    return { ...found, proposedGrant: await this.proposedGrant(found) };
  }

  /**
   * Before the grant: the amount rule of the rules in force on the requested amounts, with its trace (what
   * the approver would decide); null once decided (the grant carries its own) or where no rule applies.
   */
  private async proposedGrant(found: ApplicationCase): Promise<AmountDecision | null> {
    const requested = found.state.requested;
    if (found.amounts.granted !== null || requested === undefined) return null;
    await this.ruleBook.refresh();
    try {
      return grantAmount(this.ruleBook.rules.catalogue, found.ref, requested);
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
  }

  @Post()
  @CommandRoles('DraftApplication')
  @ApiOperation({
    summary: '交付申請書の作成 (DraftApplication): terms checked against the catalogue of the fiscal year',
  })
  @CommandDocs()
  async draft(
    @Body() body: DraftApplicationDto,
    @CurrentRequest() context: RequestContext,
  ): Promise<ApplicationCommandResponseDto> {
    const data = plainData<DataOf<'DraftApplication'> & { applicationId?: string }>(body);
    // An id already taken: only the case's own scope learns where it stands (409); others get the 404.
    const applicationId = data.applicationId ?? uuidv7();
    return this.execute('DraftApplication', applicationId, { ...data, applicationId }, context);
  }

  @Post(':applicationId/submit')
  @CommandRoles('SubmitApplication')
  @ApiOperation({ summary: '申請 (SubmitApplication): within the application window' })
  @CommandDocs()
  submit(@Param() p: ApplicationParamsDto, @Body() body: ReasonDto, @CurrentRequest() c: RequestContext) {
    return this.onCase('SubmitApplication', p, {}, c, body.reason);
  }

  @Post(':applicationId/review')
  @CommandRoles('StartReview')
  @ApiOperation({
    summary:
      '審査 (StartReview): the institution facts given here, staff training completions and prior funded years looked up',
  })
  @CommandDocs()
  review(
    @Param() p: ApplicationParamsDto,
    @Body() body: StartReviewDto,
    @CurrentRequest() c: RequestContext,
  ) {
    return this.onCase(
      'StartReview',
      p,
      { facts: plainData<DataOf<'StartReview'>['facts']>(body.facts) },
      c,
      body.reason,
    );
  }

  @Post(':applicationId/corrections')
  @CommandRoles('RequestCorrection')
  @ApiOperation({ summary: '補正依頼 (RequestCorrection): items and a reason' })
  @CommandDocs()
  requestCorrection(
    @Param() p: ApplicationParamsDto,
    @Body() body: RequestCorrectionDto,
    @CurrentRequest() c: RequestContext,
  ) {
    const { reason, ...data } = plainData<DataOf<'RequestCorrection'> & { reason: string }>(body);
    return this.onCase('RequestCorrection', p, data, c, reason);
  }

  @Post(':applicationId/resubmit')
  @CommandRoles('ResubmitApplication')
  @ApiOperation({
    summary: '補正後の再提出 (ResubmitApplication): corrected amounts replace the earlier ones',
  })
  @CommandDocs()
  resubmit(
    @Param() p: ApplicationParamsDto,
    @Body() body: ResubmitApplicationDto,
    @CurrentRequest() c: RequestContext,
  ) {
    const { reason, ...data } = plainData<DataOf<'ResubmitApplication'> & { reason?: string }>(body);
    return this.onCase('ResubmitApplication', p, data, c, reason);
  }

  @Post(':applicationId/grant')
  @CommandRoles('DecideGrant')
  @ApiOperation({ summary: '交付決定 (DecideGrant): approver ≠ reviewer; the amount with its trace' })
  @CommandDocs()
  decideGrant(
    @Param() p: ApplicationParamsDto,
    @Body() body: ReasonDto,
    @CurrentRequest() c: RequestContext,
  ) {
    return this.onCase('DecideGrant', p, {}, c, body.reason);
  }

  @Post(':applicationId/rejection')
  @CommandRoles('RejectApplication')
  @ApiOperation({ summary: '不交付 (RejectApplication): approver ≠ reviewer, with a reason' })
  @CommandDocs()
  reject(
    @Param() p: ApplicationParamsDto,
    @Body() body: RequiredReasonDto,
    @CurrentRequest() c: RequestContext,
  ) {
    return this.onCase('RejectApplication', p, {}, c, body.reason);
  }

  @Post(':applicationId/withdrawal')
  @CommandRoles('WithdrawApplication')
  @ApiOperation({ summary: '取下げ (WithdrawApplication): before a decision, with a reason' })
  @CommandDocs()
  withdraw(
    @Param() p: ApplicationParamsDto,
    @Body() body: RequiredReasonDto,
    @CurrentRequest() c: RequestContext,
  ) {
    return this.onCase('WithdrawApplication', p, {}, c, body.reason);
  }

  @Post(':applicationId/changes')
  @CommandRoles('RequestChange')
  @ApiOperation({ summary: '変更申請 (RequestChange)' })
  @CommandDocs()
  requestChange(
    @Param() p: ApplicationParamsDto,
    @Body() body: RequestChangeDto,
    @CurrentRequest() c: RequestContext,
  ) {
    const { reason, ...data } = plainData<Partial<DataOf<'RequestChange'>> & { reason?: string }>(body);
    return this.onCase('RequestChange', p, { ...data, changeId: data.changeId ?? uuidv7() }, c, reason);
  }

  @Post(':applicationId/changes/approval')
  @CommandRoles('ApproveChange')
  @ApiOperation({
    summary: '変更承認 (ApproveChange): approver ≠ reviewer, with a reason; the grant recalculated',
  })
  @CommandDocs()
  approveChange(
    @Param() p: ApplicationParamsDto,
    @Body() body: RequiredReasonDto,
    @CurrentRequest() c: RequestContext,
  ) {
    return this.onCase('ApproveChange', p, {}, c, body.reason);
  }

  @Post(':applicationId/changes/rejection')
  @CommandRoles('RejectChange')
  @ApiOperation({ summary: '変更不承認 (RejectChange): approver ≠ reviewer, with a reason' })
  @CommandDocs()
  rejectChange(
    @Param() p: ApplicationParamsDto,
    @Body() body: RequiredReasonDto,
    @CurrentRequest() c: RequestContext,
  ) {
    return this.onCase('RejectChange', p, {}, c, body.reason);
  }

  @Post(':applicationId/payments')
  @CommandRoles('RecordPayment')
  @ApiOperation({ summary: '支払 (RecordPayment): 概算払 after the grant, 精算払 after the confirmation' })
  @CommandDocs()
  recordPayment(
    @Param() p: ApplicationParamsDto,
    @Body() body: RecordPaymentDto,
    @CurrentRequest() c: RequestContext,
  ) {
    return this.onCase(
      'RecordPayment',
      p,
      { paymentId: body.paymentId, amount: body.amount },
      c,
      body.reason,
    );
  }

  @Post(':applicationId/performance-report')
  @CommandRoles('ReportPerformance')
  @ApiOperation({ summary: '実績報告 (ReportPerformance): actual expenditure and other income' })
  @CommandDocs()
  reportPerformance(
    @Param() p: ApplicationParamsDto,
    @Body() body: ReportPerformanceDto,
    @CurrentRequest() c: RequestContext,
  ) {
    const { reason, ...data } = plainData<DataOf<'ReportPerformance'> & { reason?: string }>(body);
    return this.onCase('ReportPerformance', p, data, c, reason);
  }

  @Post(':applicationId/amount-confirmation')
  @CommandRoles('ConfirmAmount')
  @ApiOperation({
    summary: '額の確定 (ConfirmAmount): approver ≠ reviewer; a refund is ordered when more was paid',
  })
  @CommandDocs()
  confirmAmount(
    @Param() p: ApplicationParamsDto,
    @Body() body: ReasonDto,
    @CurrentRequest() c: RequestContext,
  ) {
    return this.onCase('ConfirmAmount', p, {}, c, body.reason);
  }

  @Post(':applicationId/refunds')
  @CommandRoles('RecordRefund')
  @ApiOperation({ summary: '返還金の収納 (RecordRefund), with a reason' })
  @CommandDocs()
  recordRefund(
    @Param() p: ApplicationParamsDto,
    @Body() body: RecordRefundDto,
    @CurrentRequest() c: RequestContext,
  ) {
    return this.onCase('RecordRefund', p, { refundId: body.refundId, amount: body.amount }, c, body.reason);
  }

  @Post(':applicationId/close')
  @CommandRoles('CloseApplication')
  @ApiOperation({ summary: '完結 (CloseApplication): once paid − refunded = confirmed' })
  @CommandDocs()
  close(@Param() p: ApplicationParamsDto, @Body() body: ReasonDto, @CurrentRequest() c: RequestContext) {
    return this.onCase('CloseApplication', p, {}, c, body.reason);
  }

  /** The case, or the same 404 for a missing one and for another municipality's or institution's. */
  private async caseInScope(applicationId: string, context: RequestContext): Promise<ApplicationCase> {
    const found = await this.gateway.find('application', applicationId, { actor: context.actor });
    return applicationCaseOf(found.state, found.revision, found.position)!;
  }

  private onCase<T extends ApplicationCommandType>(
    type: T,
    { applicationId }: ApplicationParamsDto,
    data: DataOf<T>,
    context: RequestContext,
    reason?: string,
  ): Promise<ApplicationCommandResponseDto> {
    return this.execute(type, applicationId, data, context, reason);
  }

  private async execute<T extends ApplicationCommandType>(
    type: T,
    applicationId: string,
    data: DataOf<T>,
    context: RequestContext,
    reason?: string,
  ): Promise<ApplicationCommandResponseDto> {
    const command = {
      type,
      data,
      actor: context.actor,
      at: this.clock.now(),
      ...(reason === undefined ? {} : { reason }),
    } as ApplicationCommand;
    const result = await this.gateway.send('application', applicationId, command, {
      metadata: commandMetadataOf(context),
    });
    const after = applicationCaseOf(result.state, result.nextRevision, result.position);
    return {
      applicationId,
      stage: after?.stage ?? 'New',
      allowedCommands: after?.allowedCommands ?? [],
      position: result.position,
      revision: result.nextRevision,
      events: result.events.map((event) => event.type),
    };
  }
}

/** What every command route may answer besides its success. */
function CommandDocs(): MethodDecorator {
  return applyDecorators(
    ApiCreatedResponse({ type: ApplicationCommandResponseDto }),
    ApiConflictResponse({
      description: 'ILLEGAL_TRANSITION (stage, allowedCommands), WRONG_EXPECTED_REVISION, DUPLICATE_PAYMENT',
    }),
    ApiUnprocessableEntityResponse({
      description: 'a rule refuses the request: field, value, reason, expected',
    }),
    ApiNotFoundResponse({ description: 'NOT_FOUND: no such case, or not yours' }),
  );
}
