import { applyDecorators, Controller, Get, Param, Query, type Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { Roles } from '../auth/access.decorators.ts';
import { ApplicationParamsDto } from '../applications/application.dto.ts';
import { FiscalYearParams } from '../designations/designation.dto.ts';
import { ApplicationAsOfDto, DesignationRoundAsOfDto, RecipientTimelineAsOfDto } from './as-of-answer.dto.ts';
import { AsOfQueryDto, RecipientTimelineParamsDto } from './as-of-query.dto.ts';
import { AsOfService } from './as-of.service.ts';

function AsOfDocs(summary: string, type: Type): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary,
      description:
        'Replayed from the log up to `?at=` (events recorded at or before the instant) or `?position=` ' +
        '(events at or before the global position) through the domain’s evolve functions, never from a read ' +
        'model. Every call is recorded in the access log before the answer is returned.',
    }),
    ApiOkResponse({ type, description: '{ asOf, upTo: the last event replayed, state }' }),
    ApiBadRequestResponse({
      description: 'VALIDATION_FAILED naming at or position, the value and the reason',
    }),
    ApiNotFoundResponse({ description: 'NOT_FOUND: nothing in the log, or not yet as of that point' }),
    ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED' }),
  );
}

/** 監査: any state as of any date (or log position). Prefecture staff may read it too. */
@ApiTags('as-of')
@Controller('as-of')
@Roles('auditor', 'caseworker', 'approver')
export class AsOfController {
  constructor(private readonly asOf: AsOfService) {}

  @Get('applications/:applicationId')
  @AsOfDocs('An application case (stage, amounts, eligibility) as it stood', ApplicationAsOfDto)
  application(
    @Param() { applicationId }: ApplicationParamsDto,
    @Query() query: AsOfQueryDto,
    @CurrentRequest() context: RequestContext,
  ) {
    return this.asOf.application(context, applicationId, query);
  }

  @Get('recipients/:recipientId/programs/:programId/timeline')
  @AsOfDocs(
    'A recipient’s multi-year timeline in a programme (years, rate and base in force, cases)',
    RecipientTimelineAsOfDto,
  )
  recipientTimeline(
    @Param() { recipientId, programId }: RecipientTimelineParamsDto,
    @Query() query: AsOfQueryDto,
    @CurrentRequest() context: RequestContext,
  ) {
    return this.asOf.recipientTimeline(context, recipientId, programId, query);
  }

  @Get('designation-rounds/:fiscalYear')
  @AsOfDocs(
    'The designated institutions of a designation round (revocations applied) as they stood',
    DesignationRoundAsOfDto,
  )
  designationRound(
    @Param() { fiscalYear }: FiscalYearParams,
    @Query() query: AsOfQueryDto,
    @CurrentRequest() context: RequestContext,
  ) {
    return this.asOf.designationRound(context, fiscalYear, query);
  }
}
