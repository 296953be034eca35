import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { HistoryFilter, HistoryFormat } from '#event-store';
import { asList, IsAfterProperty, IsDecimalInRange, IsInstant, parseInstant } from './query-validators.ts';

export const MAX_PAGE_SIZE = 1_000;
export const DEFAULT_PAGE_SIZE = 100;
const MAX_POSITION = 2n ** 63n - 1n;

const STREAM_ID = /^[a-z][A-Za-z0-9]*-[A-Za-z0-9][A-Za-z0-9._:@-]*$/;
const CATEGORY = /^[a-z][A-Za-z0-9]*$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*$/;

export class StreamParamsDto {
  @ApiProperty({ description: 'Stream id `<category>-<id>`', example: 'application-2026-0001' })
  @Length(3, 200)
  @Matches(STREAM_ID, {
    message: 'must be "<category>-<id>": a category of ASCII letters and digits, a hyphen, then the id',
  })
  readonly streamId!: string;
}

export class CategoryParamsDto {
  @ApiProperty({
    description: 'Category: the part of stream ids before the first hyphen',
    example: 'application',
  })
  @Length(1, 100)
  @Matches(CATEGORY, { message: 'must be ASCII letters and digits starting with a lower-case letter' })
  readonly category!: string;
}

/** Who and when: the filters an auditor's history and the admin's access log share. */
export class ActorWindowQueryDto {
  @ApiPropertyOptional({
    description: 'Only events recorded at or after this instant (ISO 8601 with a zone)',
    example: '2026-04-01T00:00:00+09:00',
  })
  @IsOptional()
  @IsInstant()
  readonly from?: string;

  @ApiPropertyOptional({
    description: 'Only events recorded before this instant (exclusive; ISO 8601 with a zone)',
    example: '2027-04-01T00:00:00+09:00',
  })
  @IsOptional()
  @IsInstant()
  @IsAfterProperty('from')
  readonly to?: string;

  @ApiPropertyOptional({
    description: 'Only events recorded by this actor (metadata.actorId)',
    example: 'staff-0001',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  readonly actorId?: string;
}

export class HistoryFilterQueryDto extends ActorWindowQueryDto {
  @ApiPropertyOptional({
    description: 'Only events of these types; repeat the parameter for several (`?type=A&type=B`)',
    type: [String],
    example: ['ApplicationSubmitted'],
  })
  @IsOptional()
  @Transform(asList)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(EVENT_TYPE, { each: true, message: 'each type must be a PascalCase event type name' })
  readonly type?: string[];
}

export class PageQueryDto {
  @ApiPropertyOptional({
    description:
      'The `nextCursor` of the previous page (a global position, or a revision for one stream, in decimal); ' +
      'the page starts strictly after it',
    example: '4194305',
  })
  @IsOptional()
  @IsDecimalInRange(0n, MAX_POSITION, 'the nextCursor of a previous page')
  readonly cursor?: string;

  @ApiPropertyOptional({
    description: `Events per page (1–${MAX_PAGE_SIZE})`,
    default: DEFAULT_PAGE_SIZE,
    example: '100',
  })
  @IsOptional()
  @IsDecimalInRange(1n, BigInt(MAX_PAGE_SIZE), 'the page size')
  readonly limit?: string;
}

export class HistoryPageQueryDto extends IntersectionType(HistoryFilterQueryDto, PageQueryDto) {}

export class HistoryExportQueryDto extends HistoryFilterQueryDto {
  @ApiProperty({
    enum: ['csv', 'jsonl'],
    description: 'csv: UTF-8 with BOM, Japanese headers (Excel); jsonl: one JSON event per line',
  })
  @IsIn(['csv', 'jsonl'])
  readonly format!: HistoryFormat;
}

/** The validated query as the event store's filter (the caller adds streamId or category). */
export function historyFilterOf(query: HistoryFilterQueryDto): HistoryFilter {
  return {
    ...(query.from === undefined ? {} : { from: parseInstant(query.from)! }),
    ...(query.to === undefined ? {} : { to: parseInstant(query.to)! }),
    ...(query.actorId === undefined ? {} : { actorId: query.actorId }),
    ...(query.type === undefined ? {} : { eventTypes: query.type }),
  };
}

export function pageSizeOf(query: PageQueryDto): number {
  return query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit);
}
