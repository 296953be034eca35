import { applyDecorators, Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
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
  type TrainingCommand,
  type TrainingCommandOf,
  type TrainingCommandType,
  type TrainingCompletionFact,
  type TrainingObligation,
} from '#domain';
import { CLOCK, type Clock } from '#platform';
import {
  CommandGateway,
  ELIGIBILITY_LOOKUPS,
  trainingOfferingOf,
  type EligibilityLookups,
  type TrainingOffering,
} from '#workflow';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { assertCanAccess } from '../auth/access-scope.ts';
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
import { TrainingObligationsDto, TrainingOfferingDto } from './training-responses.dto.ts';
import { courseNameOf } from '../read-models/training-offerings.controller.ts';

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
    private readonly gateway: CommandGateway,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ELIGIBILITY_LOOKUPS) private readonly completions: EligibilityLookups,
  ) {}

  @Get('obligations')
  @Roles('caseworker', 'approver', 'auditor', 'institution')
  @ApiOperation({ summary: "An institution's staff completions and its ③ → ② duties as of a fiscal year" })
  @ApiOkResponse({ type: TrainingObligationsDto })
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
  @ApiOkResponse({ type: TrainingOfferingDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async find(@Param() { offeringId }: OfferingParamsDto): Promise<TrainingOfferingDto> {
    const offering = await this.offering(offeringId);
    return { ...offering, courseName: courseNameOf(offering.state.courseId ?? '') };
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
    return this.execute('OfferTraining', offeringId, { ...data, offeringId }, c, reason);
  }

  @Post(':offeringId/enrolments')
  @Roles('caseworker')
  @ApiOperation({ summary: '受講申込 (EnrollParticipant): pseudonymous person and employing institution' })
  @CommandDocs()
  enrol(
    @Param() p: OfferingParamsDto,
    @Body() body: EnrollParticipantDto,
    @CurrentRequest() c: RequestContext,
  ) {
    const { personId, institutionId } = body;
    return this.execute('EnrollParticipant', p.offeringId, { personId, institutionId }, c, body.reason);
  }

  @Post(':offeringId/attendance')
  @Roles('caseworker')
  @ApiOperation({ summary: '出席 (RecordAttendance): one session' })
  @CommandDocs()
  attend(
    @Param() p: OfferingParamsDto,
    @Body() body: RecordAttendanceDto,
    @CurrentRequest() c: RequestContext,
  ) {
    const { personId, sessionId } = body;
    return this.execute('RecordAttendance', p.offeringId, { personId, sessionId }, c, body.reason);
  }

  @Post(':offeringId/completions')
  @Roles('caseworker')
  @ApiOperation({ summary: '修了 (CompleteTraining): every required session attended' })
  @CommandDocs()
  complete(@Param() p: OfferingParamsDto, @Body() body: PersonDto, @CurrentRequest() c: RequestContext) {
    return this.execute('CompleteTraining', p.offeringId, { personId: body.personId }, c, body.reason);
  }

  @Post(':offeringId/withdrawals')
  @Roles('caseworker')
  @ApiOperation({ summary: '受講取消 (WithdrawEnrollment), with a reason' })
  @CommandDocs()
  withdraw(
    @Param() p: OfferingParamsDto,
    @Body() body: WithdrawEnrollmentDto,
    @CurrentRequest() c: RequestContext,
  ) {
    return this.execute('WithdrawEnrollment', p.offeringId, { personId: body.personId }, c, body.reason);
  }

  private async offering(offeringId: string): Promise<TrainingOffering> {
    const found = await this.gateway.find('training', offeringId);
    return trainingOfferingOf(offeringId, found.state, found.revision, found.position);
  }

  private async execute<T extends TrainingCommandType>(
    type: T,
    offeringId: string,
    data: TrainingCommandOf<T>['data'],
    context: RequestContext,
    reason?: string,
  ): Promise<TrainingCommandResponseDto> {
    const command = {
      type,
      data,
      actor: context.actor,
      at: this.clock.now(),
      ...(reason === undefined ? {} : { reason }),
    } as TrainingCommand;
    const result = await this.gateway.send('training', offeringId, command, {
      metadata: commandMetadataOf(context),
    });
    return {
      offeringId,
      stage: result.nextRevision === 'no_stream' ? 'NotOffered' : result.state.stage,
      allowedCommands:
        result.nextRevision === 'no_stream'
          ? []
          : trainingOfferingOf(offeringId, result.state, result.nextRevision, result.position)
              .allowedCommands,
      position: result.position,
      revision: result.nextRevision,
      events: result.events.map((event) => event.type),
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
