import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '#domain';
import { findProgramApplications, READ_MODEL_DATA_SOURCE, SUBSIDY_PROJECTIONS } from '#projections';
import { RuleBook } from '#workflow';
import type { DataSource } from 'typeorm';
import { ResourceNotFoundException } from '../auth/access-scope.ts';
import { CurrentActor, Roles } from '../auth/access.decorators.ts';
import { pageSize, ProgramApplicationsQueryDto, ProgramYearParamsDto } from './read-model-query.dto.ts';
import { ProgramApplicationsDto } from './read-model-responses.dto.ts';
import { READ_MODEL_READERS } from './read-model-roles.ts';
import { readScopeOf, READ_MODEL_QUERY_503, ReadYourWrites } from './read-your-writes.ts';

@ApiTags('read models')
@Controller('programs')
export class ProgramApplicationsController {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly ruleBook: RuleBook,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get(':programId/fiscal-years/:fiscalYear/applications')
  @Roles(...READ_MODEL_READERS)
  @ApiOperation({
    summary: "A programme's applications of a fiscal year, counted by stage and listed (filter by stage)",
  })
  @ApiOkResponse({ type: ProgramApplicationsDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such programme' })
  @ApiServiceUnavailableResponse({
    description: READ_MODEL_QUERY_503,
  })
  async list(
    @Param() params: ProgramYearParamsDto,
    @Query() query: ProgramApplicationsQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ProgramApplicationsDto> {
    await this.ruleBook.refresh();
    if (!this.ruleBook.rules.catalogue.programIds().includes(params.programId))
      throw new ResourceNotFoundException('programme');
    await this.readYourWrites.reach([SUBSIDY_PROJECTIONS.caseSummaries], query.afterPosition);
    const fiscalYear = Number(params.fiscalYear);
    const page = await findProgramApplications(
      this.dataSource.manager,
      {
        programId: params.programId,
        fiscalYear,
        limit: pageSize(query),
        ...(query.stage ? { stages: query.stage } : {}),
        ...(query.cursor ? { afterApplicationId: query.cursor } : {}),
      },
      readScopeOf(actor),
    );
    return {
      programId: params.programId,
      fiscalYear,
      countsByStage: page.countsByStage,
      items: [...page.items] as ProgramApplicationsDto['items'],
      total: page.total,
      nextCursor: page.next,
    };
  }
}
