import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '#domain';
import { findTrainingCompletions, READ_MODEL_DATA_SOURCE, SUBSIDY_PROJECTIONS } from '#projections';
import type { DataSource } from 'typeorm';
import { CurrentActor, Roles } from '../auth/access.decorators.ts';
import {
  decodeCompletionsCursor,
  encodeCompletionsCursor,
  pageSize,
  TrainingCompletionsQueryDto,
} from './read-model-query.dto.ts';
import { TrainingCompletionsPageDto } from './read-model-responses.dto.ts';
import { TRAINING_COMPLETION_READERS } from './read-model-roles.ts';
import { readScopeOf, READ_MODEL_QUERY_503, ReadYourWrites } from './read-your-writes.ts';
import { courseNameOf } from './training-offerings.controller.ts';

@ApiTags('read models')
@Controller('training-completions')
export class TrainingCompletionsController {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @Roles(...TRAINING_COMPLETION_READERS)
  @ApiOperation({
    summary:
      '修了者の一覧: training completions by date, filtered by course, fiscal year, institution or person, paged (an institution sees its own staff)',
  })
  @ApiOkResponse({ type: TrainingCompletionsPageDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: municipalities do not read staff completions' })
  @ApiServiceUnavailableResponse({
    description: READ_MODEL_QUERY_503,
  })
  async list(
    @Query() query: TrainingCompletionsQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<TrainingCompletionsPageDto> {
    await this.readYourWrites.reach([SUBSIDY_PROJECTIONS.trainingCompletions], query.afterPosition);
    const after = query.cursor === undefined ? undefined : decodeCompletionsCursor(query.cursor);
    const page = await findTrainingCompletions(
      this.dataSource.manager,
      {
        limit: pageSize(query),
        ...(query.courseId ? { courseId: query.courseId } : {}),
        ...(query.fiscalYear ? { fiscalYear: Number(query.fiscalYear) } : {}),
        ...(query.institutionId ? { institutionId: query.institutionId } : {}),
        ...(query.personId ? { personId: query.personId } : {}),
        ...(after ? { after } : {}),
      },
      readScopeOf(actor),
    );
    return {
      items: page.items.map((item) => ({
        ...item,
        courseName: courseNameOf(item.courseId),
      })),
      total: page.total,
      nextCursor: page.next ? encodeCompletionsCursor(page.next) : null,
    };
  }
}
