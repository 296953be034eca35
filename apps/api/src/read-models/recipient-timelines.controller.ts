import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '#domain';
import { findRecipientTimelines, READ_MODEL_DATA_SOURCE, SUBSIDY_PROJECTIONS } from '#projections';
import type { DataSource } from 'typeorm';
import { ResourceNotFoundException } from '../auth/access-scope.ts';
import { CurrentActor, Roles } from '../auth/access.decorators.ts';
import { RecipientParamsDto, TimelineQueryDto } from './read-model-query.dto.ts';
import { RecipientTimelinesDto } from './read-model-responses.dto.ts';
import { READ_MODEL_READERS } from './read-model-roles.ts';
import { readScopeOf, READ_MODEL_QUERY_503, ReadYourWrites } from './read-your-writes.ts';

@ApiTags('read models')
@Controller('recipients')
export class RecipientTimelinesController {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get(':kind/:id/timeline')
  @Roles(...READ_MODEL_READERS)
  @ApiOperation({
    summary:
      'The multi-year timeline per programme: training → window → applied → decided → reported → confirmed → paid, rate and base per year, next action, ③ → ② duties',
  })
  @ApiOkResponse({ type: RecipientTimelinesDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: nothing known of this recipient, or not yours' })
  @ApiServiceUnavailableResponse({
    description: READ_MODEL_QUERY_503,
  })
  async timeline(
    @Param() params: RecipientParamsDto,
    @Query() query: TimelineQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<RecipientTimelinesDto> {
    await this.readYourWrites.reach([SUBSIDY_PROJECTIONS.timelines], query.afterPosition);
    const rows = await findRecipientTimelines(
      this.dataSource.manager,
      {
        recipientKind: params.kind,
        recipientId: params.id,
        ...(query.programId ? { programId: query.programId } : {}),
      },
      readScopeOf(actor),
    );
    if (rows.length === 0) throw new ResourceNotFoundException('timeline');
    return {
      kind: params.kind,
      id: params.id,
      timelines: rows.map((row) => ({
        programId: row.programId,
        recipientKind: row.recipientKind,
        municipalityCode: row.municipalityCode,
        nextAction: row.nextAction,
        dueDate: row.dueDate,
        openObligations: row.openObligations,
        timeline: row.timeline,
        position: row.position.toString(),
      })),
    };
  }
}
