import { applyDecorators, Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
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
  advancedCourseObligations,
  fiscalYear,
  type TrainingCommandOf,
  type TrainingCommandType,
  type TrainingCompletionFact,
  type TrainingObligation,
} from '#domain';
import type { EventStore } from '#event-store';
import { CLOCK, EVENT_STORE, type Clock } from '#platform';
import {
  CompleteTraining,
  EnrollParticipant,
  loadTrainingOffering,
  OfferTraining,
  RecordAttendance,
  TRAINING_COMPLETION_LOOKUP,
  WithdrawEnrollment,
  type TrainingCompletionLookup,
  type TrainingMessage,
  type TrainingOffering,
  type TrainingStreamCommand,
} from '#workflow';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { assertCanAccess, ResourceNotFoundException } from '../auth/access-scope.ts';
import { Roles } from '../auth/access.decorators.ts';
import { plainData, TrainingCommandResponseDto } from '../commands/command-dto.ts';
import { commandMetadataOf } from '../commands/command-metadata.ts';
import {
  EnrollParticipantDto,
  ObligationsQueryDto,
  OfferingParamsDto,
  OfferTrainingDto,
  PersonDto,
  RecordAttendanceDto,
  WithdrawEnrollmentDto,
} from './training.dto.ts';

type MessageClass<T extends TrainingCommandType> = new (
  command: TrainingStreamCommand<T>,
  metadata: ReturnType<typeof commandMetadataOf>,
) => TrainingMessage<T>;

export interface TrainingObligations {
  readonly institutionId: string;
  readonly fiscalYear: number;
  readonly completions: readonly TrainingCompletionFact[];
  /** ③修了者は翌年度②を受講すること: open or missed duties as of the fiscal year. */
  readonly obligations: readonly TrainingObligation[];
}

/** 研修: Tokyo's office (caseworkers) offers courses and records enrolment, attendance and completion. */
@ApiTags('trainings')
@Controller('trainings')
@ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED, READ_ONLY_ROLE' })
export class TrainingsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TRAINING_COMPLETION_LOOKUP) private readonly completions: TrainingCompletionLookup,
  ) {}

  @Get('obligations')
  @Roles('caseworker', 'approver', 'auditor', 'institution')
  @ApiOperation({ summary: "An institution's staff completions and its ③ → ② duties as of a fiscal year" })
  @ApiOkResponse({ description: '{ institutionId, fiscalYear, completions, obligations }' })
  async obligations(
    @Query() query: ObligationsQueryDto,
    @CurrentRequest() context: RequestContext,
  ): Promise<TrainingObligations> {
    assertCanAccess(context.actor, { institutionId: query.institutionId }, 'institution');
    const completions = await this.completions.completionsOf(query.institutionId);
    return {
      institutionId: query.institutionId,
      fiscalYear: query.fiscalYear,
      completions,
      obligations: advancedCourseObligations(completions, fiscalYear(query.fiscalYear)),
    };
  }

  @Get(':offeringId')
  @Roles('caseworker', 'approver', 'auditor')
  @ApiOperation({
    summary: 'An offering folded from its stream: sessions, enrolments, attendance, completions',
  })
  @ApiOkResponse({ description: 'The offering' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async find(@Param() { offeringId }: OfferingParamsDto): Promise<TrainingOffering> {
    return this.offering(offeringId);
  }

  @Post()
  @Roles('caseworker')
  @ApiOperation({ summary: '研修の開催 (OfferTraining): a course in a fiscal year, a date per session' })
  @CommandDocs()
  offer(@Body() body: OfferTrainingDto, @CurrentRequest() c: RequestContext) {
    const { reason, ...data } = plainData<TrainingCommandOf<'OfferTraining'>['data'] & { reason?: string }>(
      body,
    );
    const offeringId = data.offeringId ?? uuidv7();
    return this.execute(OfferTraining, 'OfferTraining', offeringId, { ...data, offeringId }, c, reason);
  }

  @Post(':offeringId/enrolments')
  @Roles('caseworker')
  @ApiOperation({ summary: '受講申込 (EnrollParticipant): pseudonymous person and employing institution' })
  @CommandDocs()
  async enrol(
    @Param() p: OfferingParamsDto,
    @Body() body: EnrollParticipantDto,
    @CurrentRequest() c: RequestContext,
  ) {
    await this.offering(p.offeringId);
    const { personId, institutionId } = body;
    return this.execute(
      EnrollParticipant,
      'EnrollParticipant',
      p.offeringId,
      { personId, institutionId },
      c,
      body.reason,
    );
  }

  @Post(':offeringId/attendance')
  @Roles('caseworker')
  @ApiOperation({ summary: '出席 (RecordAttendance): one session' })
  @CommandDocs()
  async attend(
    @Param() p: OfferingParamsDto,
    @Body() body: RecordAttendanceDto,
    @CurrentRequest() c: RequestContext,
  ) {
    await this.offering(p.offeringId);
    const { personId, sessionId } = body;
    return this.execute(
      RecordAttendance,
      'RecordAttendance',
      p.offeringId,
      { personId, sessionId },
      c,
      body.reason,
    );
  }

  @Post(':offeringId/completions')
  @Roles('caseworker')
  @ApiOperation({ summary: '修了 (CompleteTraining): every required session attended' })
  @CommandDocs()
  async complete(
    @Param() p: OfferingParamsDto,
    @Body() body: PersonDto,
    @CurrentRequest() c: RequestContext,
  ) {
    await this.offering(p.offeringId);
    return this.execute(
      CompleteTraining,
      'CompleteTraining',
      p.offeringId,
      { personId: body.personId },
      c,
      body.reason,
    );
  }

  @Post(':offeringId/withdrawals')
  @Roles('caseworker')
  @ApiOperation({ summary: '受講取消 (WithdrawEnrollment), with a reason' })
  @CommandDocs()
  async withdraw(
    @Param() p: OfferingParamsDto,
    @Body() body: WithdrawEnrollmentDto,
    @CurrentRequest() c: RequestContext,
  ) {
    await this.offering(p.offeringId);
    return this.execute(
      WithdrawEnrollment,
      'WithdrawEnrollment',
      p.offeringId,
      { personId: body.personId },
      c,
      body.reason,
    );
  }

  private async offering(offeringId: string): Promise<TrainingOffering> {
    const found = await loadTrainingOffering(this.store, offeringId);
    if (!found) throw new ResourceNotFoundException('training offering');
    return found;
  }

  private async execute<T extends TrainingCommandType>(
    Message: MessageClass<T>,
    type: T,
    offeringId: string,
    data: TrainingCommandOf<T>['data'],
    context: RequestContext,
    reason?: string,
  ): Promise<TrainingCommandResponseDto> {
    const command = {
      type,
      data,
      offeringId,
      actor: context.actor,
      at: this.clock.now(),
      ...(reason === undefined ? {} : { reason }),
    } as TrainingStreamCommand<T>;
    const outcome = await this.commandBus.execute(new Message(command, commandMetadataOf(context)));
    // The state this command left (not a later writer's): the stream folded up to its revision.
    const after =
      outcome.nextRevision === 'no_stream'
        ? undefined
        : await loadTrainingOffering(this.store, offeringId, outcome.nextRevision);
    return {
      offeringId,
      stage: after?.state.stage ?? 'NotOffered',
      allowedCommands: after?.allowedCommands ?? [],
      position: outcome.position,
      revision: outcome.nextRevision,
      events: outcome.events.map((event) => event.type),
    };
  }
}

function CommandDocs(): MethodDecorator {
  return applyDecorators(
    ApiCreatedResponse({ type: TrainingCommandResponseDto }),
    ApiConflictResponse({ description: 'ILLEGAL_TRANSITION, ALREADY_ENROLLED, ENROLLMENT_NOT_ACTIVE' }),
    ApiUnprocessableEntityResponse({
      description: 'TRAINING_INCOMPLETE (names the missing sessions), NOT_ENROLLED…',
    }),
    ApiNotFoundResponse({ description: 'NOT_FOUND: no such offering' }),
  );
}
