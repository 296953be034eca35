import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { TRAINING_COURSES, type TrainingCourseId } from '#domain';
import { findTrainingOfferings, READ_MODEL_DATA_SOURCE, SUBSIDY_PROJECTIONS } from '#projections';
import type { DataSource } from 'typeorm';
import { Roles } from '../auth/access.decorators.ts';
import {
  decodeOfferingsCursor,
  encodeOfferingsCursor,
  pageSize,
  TrainingOfferingsQueryDto,
} from './read-model-query.dto.ts';
import { TrainingOfferingsPageDto } from './read-model-responses.dto.ts';
import { READ_MODEL_QUERY_503, ReadYourWrites } from './read-your-writes.ts';

/** 研修の開催一覧: the offerings (GET /trainings/:offeringId shows one), read from their read model. */
@ApiTags('read models')
@Controller('training-offerings')
export class TrainingOfferingsController {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @Roles('caseworker', 'approver', 'auditor')
  @ApiOperation({
    summary:
      '研修の開催一覧: offerings by first session date, filtered by course, fiscal year or a participant’s institution, paged',
  })
  @ApiOkResponse({ type: TrainingOfferingsPageDto })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED: offerings list participants of every institution' })
  @ApiServiceUnavailableResponse({
    description: READ_MODEL_QUERY_503,
  })
  async list(@Query() query: TrainingOfferingsQueryDto): Promise<TrainingOfferingsPageDto> {
    await this.readYourWrites.reach([SUBSIDY_PROJECTIONS.trainingOfferings], query.afterPosition);
    const after = query.cursor === undefined ? undefined : decodeOfferingsCursor(query.cursor);
    const page = await findTrainingOfferings(this.dataSource.manager, {
      limit: pageSize(query),
      ...(query.courseId ? { courseId: query.courseId } : {}),
      ...(query.fiscalYear ? { fiscalYear: Number(query.fiscalYear) } : {}),
      ...(query.institutionId ? { institutionId: query.institutionId } : {}),
      ...(after ? { after } : {}),
    });
    return {
      items: page.items.map((item) => ({ ...item, courseName: courseNameOf(item.courseId) })),
      total: page.total,
      nextCursor: page.next ? encodeOfferingsCursor(page.next) : null,
    };
  }
}

/** The course name (研修名), or the id when the catalogue has no such course. */
export function courseNameOf(courseId: string): { ja: string; en: string } {
  return TRAINING_COURSES[courseId as TrainingCourseId]?.name ?? { ja: courseId, en: courseId };
}
