import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#domain';
import { findWorkQueue, READ_MODEL_DATA_SOURCE, SUBSIDY_PROJECTIONS } from '#projections';
import type { DataSource } from 'typeorm';
import { CurrentActor, Roles } from '../auth/access.decorators.ts';
import { decodeQueueCursor, encodeQueueCursor, pageSize, WorkQueueQueryDto } from './read-model-query.dto.ts';
import { WorkQueuePageDto } from './read-model-responses.dto.ts';
import { READ_MODEL_READERS } from './read-model-roles.ts';
import { readScopeOf, READ_MODEL_QUERY_503, ReadYourWrites } from './read-your-writes.ts';

@ApiTags('read models')
@Controller('work-queue')
export class WorkQueueController {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @Roles(...READ_MODEL_READERS)
  @ApiOperation({
    summary:
      'The work queue: open cases with their next action, soonest due first (no due date last), filtered and paged',
  })
  @ApiOkResponse({ type: WorkQueuePageDto })
  @ApiServiceUnavailableResponse({
    description: READ_MODEL_QUERY_503,
  })
  async queue(@Query() query: WorkQueueQueryDto, @CurrentActor() actor: Actor): Promise<WorkQueuePageDto> {
    await this.readYourWrites.reach([SUBSIDY_PROJECTIONS.caseSummaries], query.afterPosition);
    const after = query.cursor === undefined ? undefined : decodeQueueCursor(query.cursor);
    const page = await findWorkQueue(
      this.dataSource.manager,
      {
        limit: pageSize(query),
        ...(query.stage ? { stages: query.stage } : {}),
        ...(query.programId ? { programId: query.programId } : {}),
        ...(query.fiscalYear ? { fiscalYear: Number(query.fiscalYear) } : {}),
        ...(query.municipalityCode ? { municipalityCode: query.municipalityCode } : {}),
        ...(query.dueFrom ? { dueFrom: query.dueFrom } : {}),
        ...(query.dueTo ? { dueTo: query.dueTo } : {}),
        ...(query.actionBy ? { actionBy: query.actionBy } : {}),
        ...(after ? { after } : {}),
      },
      readScopeOf(actor),
    );
    return {
      items: [...page.items] as WorkQueuePageDto['items'],
      total: page.total,
      countsByStage: page.countsByStage,
      nextCursor: page.next ? encodeQueueCursor(page.next) : null,
    };
  }
}
