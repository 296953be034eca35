import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { FiscalYearParams } from '../designations/designation.dto.ts';
import { IsOmittable } from '../validation/is-omittable.ts';
import { IsFiscalYearParam } from '../validation/fiscal-year-field.ts';

const ID = /^[A-Za-z0-9._:-]{1,100}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ProposalParams extends FiscalYearParams {
  @ApiProperty({ example: '2026-1', description: '提案番号 (the fiscal year and a sequence)' })
  @Matches(ID)
  proposalId!: string;
}

export class ProgramParams {
  @ApiProperty({ example: 'home-care-environment' }) @Matches(ID) programId!: string;
}

export class WithdrawProposalDto {
  @ApiProperty({ example: '基準額の誤記のため取下げ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class CatalogueQueryDto {
  @ApiPropertyOptional({
    example: 2026,
    description: '年度: the rules in force for this fiscal year, as released so far',
  })
  @IsOmittable()
  @IsFiscalYearParam()
  fiscalYear?: number;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'The rules in force on this date (its fiscal year) as released by the end of that day',
  })
  @IsOmittable()
  @Matches(ISO_DATE, { message: 'date must be a date YYYY-MM-DD' })
  date?: string;
}

export class DiffQueryDto {
  @ApiProperty({ example: 'H29', description: 'The version compared from' })
  @Matches(ID)
  from!: string;

  @ApiProperty({ example: 'R8', description: 'The version compared to' })
  @Matches(ID)
  to!: string;
}

/** The document a CSV table is taken from (the table itself carries only the programme versions). */
export class CsvSourceQueryDto {
  @ApiProperty({ example: '令和8年度 東京都在宅療養推進事業補助金交付要綱' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiProperty({ example: '2026-04-01' })
  @Matches(ISO_DATE, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;

  @ApiProperty({ example: '別表第1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  section!: string;
}

// ---- Answers (OpenAPI schemas for clients; the programme versions themselves are the documents' shape) ----

const OBJECT = { type: 'object', additionalProperties: true } as const;

class RecordDto {
  @ApiProperty({ example: 'admin-alice' }) readonly actorId!: string;
  @ApiProperty({ example: 'admin' }) readonly actorRole!: string;
  @ApiProperty({ example: '2026-03-01T09:00:00.000Z' }) readonly at!: string;
  @ApiPropertyOptional() readonly reason?: string;
}

class RuleSourceDto {
  @ApiProperty() readonly title!: string;
  @ApiProperty({ example: '2026-04-01' }) readonly date!: string;
  @ApiProperty({ example: '別表第1' }) readonly section!: string;
}

class ProposedVersionDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty() readonly versionId!: string;
  @ApiPropertyOptional() readonly supersedes?: string;
}

export class RuleProposalDto {
  @ApiProperty({ example: '2026-1' }) readonly proposalId!: string;
  @ApiProperty({ enum: ['proposed', 'released', 'withdrawn'] }) readonly status!:
    'proposed' | 'released' | 'withdrawn';
  @ApiProperty({ type: RuleSourceDto }) readonly source!: RuleSourceDto;
  @ApiProperty({ type: RecordDto }) readonly proposed!: RecordDto;
  @ApiPropertyOptional({ type: RecordDto }) readonly released?: RecordDto;
  @ApiPropertyOptional({ type: RecordDto }) readonly withdrawn?: RecordDto;
  @ApiProperty({ type: [ProposedVersionDto] }) readonly programs!: ProposedVersionDto[];
  @ApiProperty({ type: [ProposedVersionDto] }) readonly schedules!: ProposedVersionDto[];
  @ApiProperty({ ...OBJECT, description: 'The document as proposed' })
  readonly document!: Record<string, unknown>;
}

export class RuleProposalOutcomeDto extends RuleProposalDto {
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty({ example: '1234' }) readonly position!: string;
}

export class FiscalYearRulesDto {
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty({ type: [RuleProposalDto] }) readonly proposals!: RuleProposalDto[];
}

class LocalizedNameDto {
  @ApiProperty() readonly ja!: string;
  @ApiProperty() readonly en!: string;
}

class ProgramPeriodDto {
  @ApiProperty({ type: 'object', properties: { from: { type: 'number' }, until: { type: 'number' } } })
  readonly value!: { from: number; until?: number };
}

export class ProgramVersionDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty() readonly versionId!: string;
  @ApiProperty({ type: LocalizedNameDto }) readonly name!: LocalizedNameDto;
  @ApiProperty({ type: ProgramPeriodDto }) readonly period!: ProgramPeriodDto;
  @ApiProperty({ type: 'array', items: OBJECT, description: 'メニュー: base amounts and rates' })
  readonly menus!: Record<string, unknown>[];
}

class CalendarDateDto {
  @ApiProperty({ example: 2026 }) readonly year!: number;
  @ApiProperty({ example: 4 }) readonly month!: number;
  @ApiProperty({ example: 1 }) readonly day!: number;
}

class ResolvedScheduleDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty({ type: CalendarDateDto }) readonly applicationOpens!: CalendarDateDto;
  @ApiProperty({ type: CalendarDateDto }) readonly applicationCloses!: CalendarDateDto;
  @ApiProperty({ type: CalendarDateDto }) readonly performanceReportDue!: CalendarDateDto;
  @ApiProperty() readonly correctionResponseDays!: number;
  @ApiProperty() readonly standardProcessingDays!: number;
  @ApiProperty() readonly refundDueDays!: number;
  @ApiProperty({ description: 'Where the schedule comes from (a version or the configurable default)' })
  readonly origin!: string;
}

class CatalogueEntryDto {
  @ApiProperty({ enum: ['code', 'entered'] }) readonly origin!: 'code' | 'entered';
  @ApiPropertyOptional() readonly proposalId?: string;
  @ApiPropertyOptional({ type: RecordDto }) readonly released?: RecordDto;
  @ApiProperty({ type: ProgramVersionDto }) readonly version!: ProgramVersionDto;
  @ApiProperty({ type: ResolvedScheduleDto }) readonly schedule!: ResolvedScheduleDto;
}

export class CatalogueDto {
  @ApiProperty() readonly fiscalYear!: number;
  @ApiPropertyOptional() readonly date?: string;
  @ApiProperty({ type: [CatalogueEntryDto] }) readonly programs!: CatalogueEntryDto[];
}

class VersionEntryDto {
  @ApiProperty() readonly versionId!: string;
  @ApiProperty({ type: ProgramPeriodDto }) readonly period!: ProgramPeriodDto;
  @ApiProperty({ enum: ['code', 'entered'] }) readonly origin!: 'code' | 'entered';
  @ApiPropertyOptional() readonly proposalId?: string;
  @ApiPropertyOptional({ type: RecordDto }) readonly released?: RecordDto;
  @ApiPropertyOptional() readonly supersedes?: string;
  @ApiPropertyOptional() readonly supersededBy?: string;
}

export class ProgramVersionsDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty({ type: [VersionEntryDto] }) readonly versions!: VersionEntryDto[];
}

/** A value of a document, whatever its type; null when the field is not in that version. */
const ANY_JSON: ApiPropertyOptions = {
  description: 'Any JSON value; null when the field is not in that version',
  nullable: true,
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', additionalProperties: true },
    { type: 'array', items: {} },
  ],
};

class RuleChangeDto {
  @ApiProperty({ example: 'menus[0].subsidyRates[1].value' }) readonly path!: string;
  @ApiProperty(ANY_JSON) readonly before!: unknown;
  @ApiProperty(ANY_JSON) readonly after!: unknown;
}

export class RuleDiffDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty() readonly from!: string;
  @ApiProperty() readonly to!: string;
  @ApiProperty({ type: [RuleChangeDto] }) readonly changes!: RuleChangeDto[];
}
