import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { APPLICATION_STAGES, RECIPIENT_KINDS, ROLES, TRAINING_COURSES, type RecipientKind } from '#domain';
import { CLIENT_ID, CLIENT_ID_MESSAGE } from '../commands/command-dto.ts';
import { asList, IsDecimalInRange } from '../history/query-validators.ts';
import { IsFiscalYear, IsFiscalYearDecimal } from '../validation/fiscal-year-field.ts';

const MAX_POSITION = 2n ** 63n - 1n;
export const DEFAULT_QUERY_PAGE_SIZE = 50;
export const MAX_QUERY_PAGE_SIZE = 200;
const TRAINING_COURSE_IDS = Object.keys(TRAINING_COURSES);

/** A real calendar day "YYYY-MM-DD" (2026-02-30 is refused). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}

const IsCalendarDay = () =>
  ValidateBy({
    name: 'isCalendarDay',
    validator: { validate: isCalendarDay, defaultMessage: () => 'must be a calendar date YYYY-MM-DD' },
  });

/** Read-your-own-writes: every read-model query waits until its projection includes this position. */
export class AfterPositionQueryDto {
  @ApiPropertyOptional({
    description:
      'The `position` a command answered: the query waits (at most 5 s) until the read model includes it, ' +
      'else 503 READ_MODEL_NOT_CAUGHT_UP',
    example: '4398046511105',
  })
  @IsOptional()
  @IsDecimalInRange(0n, MAX_POSITION, 'a global position returned by a command')
  readonly afterPosition?: string;
}

export class PageSizeQueryDto extends AfterPositionQueryDto {
  @ApiPropertyOptional({
    description: `Items per page (1–${MAX_QUERY_PAGE_SIZE})`,
    default: DEFAULT_QUERY_PAGE_SIZE,
  })
  @IsOptional()
  @IsDecimalInRange(1n, BigInt(MAX_QUERY_PAGE_SIZE), 'the page size')
  readonly limit?: string;
}

export class PagedQueryDto extends PageSizeQueryDto {
  @ApiPropertyOptional({
    description: 'Stages to include; repeat for several (`?stage=Submitted&stage=UnderReview`)',
    enum: APPLICATION_STAGES,
    isArray: true,
  })
  @IsOptional()
  @Transform(asList)
  @ArrayMaxSize(APPLICATION_STAGES.length)
  @IsIn(APPLICATION_STAGES, { each: true })
  readonly stage?: string[];
}

/** A page cursor: the last item's sort key as a base64url JSON array, opaque to the caller. */
function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key of a cursor with `length` parts, or undefined when it is not one this API issued. */
function decodeCursor(value: unknown, length: number): unknown[] | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,400}$/.test(value)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return Array.isArray(decoded) && decoded.length === length ? decoded : undefined;
  } catch {
    return undefined;
  }
}

const isClientId = (value: unknown): value is string => typeof value === 'string' && CLIENT_ID.test(value);

const IsCursor = (name: string, decode: (value: unknown) => unknown) =>
  ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => decode(value) !== undefined,
      defaultMessage: () => 'must be the nextCursor of a previous page',
    },
  });

const FISCAL_YEAR_DOC = {
  description: 'Fiscal year (年度) as the Western year it starts in',
  example: '2016',
};

/** Optional programme and fiscal-year filters. */
class ProgramYearFilterDto {
  @ApiPropertyOptional({ example: 'transition-support' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly programId?: string;

  @ApiPropertyOptional(FISCAL_YEAR_DOC)
  @IsOptional()
  @IsFiscalYearDecimal()
  readonly fiscalYear?: string;
}

export class WorkQueueQueryDto extends IntersectionType(PagedQueryDto, ProgramYearFilterDto) {
  @ApiPropertyOptional({ description: '6-digit 全国地方公共団体コード', example: '131016' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '$property must be 6 digits' })
  readonly municipalityCode?: string;

  @ApiPropertyOptional({ description: 'Due on or after (YYYY-MM-DD)', example: '2016-04-01' })
  @IsOptional()
  @IsCalendarDay()
  readonly dueFrom?: string;

  @ApiPropertyOptional({ description: 'Due on or before (YYYY-MM-DD)', example: '2016-06-30' })
  @IsOptional()
  @IsCalendarDay()
  readonly dueTo?: string;

  @ApiPropertyOptional({ description: 'Only cases whose next action this role takes', enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  readonly actionBy?: string;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsCursor('isWorkQueueCursor', decodeQueueCursor)
  readonly cursor?: string;
}

/** The work queue's cursor: the last item's due date (or none) and case id. */
export function encodeQueueCursor(cursor: { dueDate: string | null; applicationId: string }): string {
  return encodeCursor([cursor.dueDate, cursor.applicationId]);
}

export function decodeQueueCursor(
  value: unknown,
): { dueDate: string | null; applicationId: string } | undefined {
  const [dueDate, applicationId] = decodeCursor(value, 2) ?? [];
  if (dueDate !== null && !isCalendarDay(dueDate)) return undefined;
  return isClientId(applicationId) ? { dueDate, applicationId } : undefined;
}

export class ProgramYearParamsDto {
  @ApiProperty({ example: 'transition-support' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly programId!: string;

  @ApiProperty(FISCAL_YEAR_DOC)
  @IsFiscalYearDecimal()
  readonly fiscalYear!: string;
}

export class ProgramApplicationsQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page (a case id)' })
  @IsOptional()
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly cursor?: string;
}

export class RecipientParamsDto {
  @ApiProperty({ enum: RECIPIENT_KINDS, example: 'hospital' })
  @IsIn(RECIPIENT_KINDS)
  readonly kind!: RecipientKind;

  @ApiProperty({ description: 'Municipality code, institution or association id', example: 'hosp-1' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly id!: string;
}

export class TimelineQueryDto extends AfterPositionQueryDto {
  @ApiPropertyOptional({ description: 'Only this programme', example: 'transition-support' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly programId?: string;
}

export class BudgetsQueryDto extends IntersectionType(AfterPositionQueryDto, ProgramYearFilterDto) {}

export class AllocateBudgetDto {
  @ApiProperty({ example: 'transition-support' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly programId!: string;

  @ApiProperty({ description: 'Fiscal year (年度) as the Western year it starts in', example: 2016 })
  @IsFiscalYear()
  readonly fiscalYear!: number;

  @ApiProperty({ description: '予算額 (yen)', example: 72_000_000 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  readonly amount!: number;

  @ApiPropertyOptional({ description: 'Required when it changes an allocated budget (補正予算…)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  readonly reason?: string;
}

export function pageSize(query: { readonly limit?: string }): number {
  return query.limit === undefined ? DEFAULT_QUERY_PAGE_SIZE : Number(query.limit);
}

type CompletionsCursor = { completedOn: string; offeringId: string; personId: string };

/** The completions list's cursor: the last item's completion date, offering and person. */
export function encodeCompletionsCursor(cursor: CompletionsCursor): string {
  return encodeCursor([cursor.completedOn, cursor.offeringId, cursor.personId]);
}

export function decodeCompletionsCursor(value: unknown): CompletionsCursor | undefined {
  const [completedOn, offeringId, personId] = decodeCursor(value, 3) ?? [];
  return isCalendarDay(completedOn) && isClientId(offeringId) && isClientId(personId)
    ? { completedOn, offeringId, personId }
    : undefined;
}

export class TrainingCompletionsQueryDto extends PageSizeQueryDto {
  @ApiPropertyOptional({ description: 'Course (TrainingCourseId)', enum: TRAINING_COURSE_IDS })
  @IsOptional()
  @IsIn(TRAINING_COURSE_IDS)
  readonly courseId?: string;

  @ApiPropertyOptional({ description: 'Fiscal year (年度) of the offering', example: '2016' })
  @IsOptional()
  @IsFiscalYearDecimal()
  readonly fiscalYear?: string;

  @ApiPropertyOptional({ description: 'The employing institution at completion', example: 'hosp-1' })
  @IsOptional()
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly institutionId?: string;

  @ApiPropertyOptional({ description: 'Pseudonymous person id (never a name)', example: 'p-0001' })
  @IsOptional()
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly personId?: string;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsCursor('isTrainingCompletionsCursor', decodeCompletionsCursor)
  readonly cursor?: string;
}

type OfferingsCursor = { firstSessionOn: string | null; offeringId: string };

/** The offerings list's cursor: the last item's first session date (or none) and offering id. */
export function encodeOfferingsCursor(cursor: OfferingsCursor): string {
  return encodeCursor([cursor.firstSessionOn, cursor.offeringId]);
}

export function decodeOfferingsCursor(value: unknown): OfferingsCursor | undefined {
  const [firstSessionOn, offeringId] = decodeCursor(value, 2) ?? [];
  if (firstSessionOn !== null && !isCalendarDay(firstSessionOn)) return undefined;
  return isClientId(offeringId) ? { firstSessionOn, offeringId } : undefined;
}

export class TrainingOfferingsQueryDto extends PageSizeQueryDto {
  @ApiPropertyOptional({ description: 'Course (TrainingCourseId)', enum: TRAINING_COURSE_IDS })
  @IsOptional()
  @IsIn(TRAINING_COURSE_IDS)
  readonly courseId?: string;

  @ApiPropertyOptional({ description: 'Fiscal year (年度) of the offering', example: '2016' })
  @IsOptional()
  @IsFiscalYearDecimal()
  readonly fiscalYear?: string;

  @ApiPropertyOptional({
    description: 'Only offerings with a participant employed by this institution',
    example: 'hosp-1',
  })
  @IsOptional()
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly institutionId?: string;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsCursor('isTrainingOfferingsCursor', decodeOfferingsCursor)
  readonly cursor?: string;
}
