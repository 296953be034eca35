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
import { APPLICATION_STAGES, RECIPIENT_KINDS, ROLES, type RecipientKind } from '#domain';
import { CLIENT_ID, CLIENT_ID_MESSAGE } from '../commands/command-dto.ts';
import { asList, IsDecimalInRange } from '../history/query-validators.ts';
import { IsFiscalYear, IsFiscalYearDecimal } from '../validation/fiscal-year-field.ts';

const MAX_POSITION = 2n ** 63n - 1n;
export const DEFAULT_QUERY_PAGE_SIZE = 50;
export const MAX_QUERY_PAGE_SIZE = 200;

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

export class PagedQueryDto extends AfterPositionQueryDto {
  @ApiPropertyOptional({
    description: `Items per page (1–${MAX_QUERY_PAGE_SIZE})`,
    default: DEFAULT_QUERY_PAGE_SIZE,
  })
  @IsOptional()
  @IsDecimalInRange(1n, BigInt(MAX_QUERY_PAGE_SIZE), 'the page size')
  readonly limit?: string;

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
  @ValidateBy({
    name: 'isWorkQueueCursor',
    validator: {
      validate: (value: unknown) => decodeQueueCursor(value) !== undefined,
      defaultMessage: () => 'must be the nextCursor of a previous page',
    },
  })
  readonly cursor?: string;
}

/** The work queue's cursor: the last item's due date (or none) and case id, base64url JSON. */
export function encodeQueueCursor(cursor: { dueDate: string | null; applicationId: string }): string {
  return Buffer.from(JSON.stringify([cursor.dueDate, cursor.applicationId])).toString('base64url');
}

export function decodeQueueCursor(
  value: unknown,
): { dueDate: string | null; applicationId: string } | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,400}$/.test(value)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
    const [dueDate, applicationId] = decoded as unknown[];
    if (dueDate !== null && !isCalendarDay(dueDate)) return undefined;
    if (typeof applicationId !== 'string' || !CLIENT_ID.test(applicationId)) return undefined;
    return { dueDate, applicationId };
  } catch {
    return undefined;
  }
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
