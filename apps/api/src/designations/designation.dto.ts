import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsFiscalYear, IsFiscalYearParam } from '../validation/fiscal-year-field.ts';
import { IsOmittable } from '../validation/is-omittable.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MUNICIPALITY_CODE = /^\d{6}$/;
/** An id as the routes take it in a path (revocation, follow-up answers): what is recommended must fit it. */
const ID = /^[A-Za-z0-9._:-]{1,100}$/;

export class FiscalYearParams {
  @ApiProperty({ example: 2024, description: '年度 (FY2024 = 令和6年度)' })
  @IsFiscalYearParam()
  fiscalYear!: number;
}

export class CalendarDto {
  @ApiPropertyOptional({ example: '2024-11-01' }) @IsOmittable() @Matches(ISO_DATE) noticeDate?: string;
  @ApiPropertyOptional({ example: '2025-02-28', description: '推薦〆切 (default 2月末)' })
  @IsOmittable()
  @Matches(ISO_DATE)
  recommendationDeadline?: string;
  @ApiPropertyOptional({ example: '2025-03-14', description: '指定の締め (default 3月14日)' })
  @IsOmittable()
  @Matches(ISO_DATE)
  designationCutoff?: string;
  @ApiPropertyOptional({ example: '2025-03-31', description: '公表期限 (default 3月31日)' })
  @IsOmittable()
  @Matches(ISO_DATE)
  publicationDueDate?: string;
}

export class OpenRoundDto {
  @ApiProperty({ example: 2024 }) @IsFiscalYear() fiscalYear!: number;
  @ApiPropertyOptional({ type: CalendarDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => CalendarDto)
  calendar?: CalendarDto;
}

export class InstitutionDto {
  @ApiProperty({ example: 'inst-1320120001', pattern: ID.source }) @Matches(ID) institutionId!: string;
  @ApiProperty({ example: '医療法人社団あおば 八王子在宅クリニック' })
  @IsString()
  @MinLength(1)
  name!: string;
  @ApiProperty({ description: '在宅療養支援診療所・病院 (false: accepted with a warning)' })
  @IsBoolean()
  homeCareSupport!: boolean;
}

export class ConsultationDto {
  @ApiProperty({ example: ['八王子市医師会'], description: '協議した地域の関係者' })
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  parties!: string[];
  @ApiProperty({ example: '2025-01-20' }) @Matches(ISO_DATE) heldOn!: string;
  @ApiProperty({ example: '推薦候補について協議' }) @IsString() @MinLength(1) summary!: string;
}

export class RecommendDto {
  @ApiProperty({ example: 'rec-132012-001' })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/)
  recommendationId!: string;
  @ApiProperty({ example: '132012' }) @Matches(MUNICIPALITY_CODE) municipalityCode!: string;
  @ApiProperty({ type: InstitutionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => InstitutionDto)
  institution!: InstitutionDto;
  @ApiProperty({ type: ConsultationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ConsultationDto)
  consultation!: ConsultationDto;
}

export class PublishDto {
  @ApiPropertyOptional({ description: 'Coordination hubs (default: the municipalities of the hub survey)' })
  @IsOmittable()
  @IsArray()
  @Matches(MUNICIPALITY_CODE, { each: true })
  coordinationHubs?: string[];
}

export class FollowUpSurveyDto {
  @ApiProperty({ example: 'followUp-2024' })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/)
  surveyId!: string;
  @ApiProperty({ example: '2025-06-30' }) @Matches(ISO_DATE) dueDate!: string;
}

export class FollowUpAnswerDto {
  @ApiProperty({ example: 'inst-1320120001' }) @IsString() @MinLength(1) institutionId!: string;
  @ApiProperty({ example: { 夜間対応: '実施', 災害時計画: '策定中' } }) @IsObject() answers!: Record<
    string,
    string
  >;
}

export class HubSurveyAnswerDto {
  @ApiProperty({ example: '132012' }) @Matches(MUNICIPALITY_CODE) municipalityCode!: string;
  @ApiProperty({
    example: { 1: 'done', 2: 'planned', 3: 'done', 4: 'done', 5: 'noAnswer' },
    description: '求められる事項 ①–⑤: done (実施済) / planned (今後実施) / noAnswer',
  })
  @IsObject()
  answers!: Record<string, 'done' | 'planned' | 'noAnswer'>;
}

export class PublicationParams extends FiscalYearParams {
  @ApiProperty({ example: 1 }) @Type(() => Number) @IsInt() @Min(1) version!: number;
  @ApiProperty({ enum: ['json', 'csv', 'html'] }) @IsIn(['json', 'csv', 'html']) format!:
    'json' | 'csv' | 'html';
}

export class RecommendationParams extends FiscalYearParams {
  @ApiProperty({ example: 'rec-132012-001' }) @Matches(ID) recommendationId!: string;
}

export class InstitutionParams extends FiscalYearParams {
  @ApiProperty({ example: 'inst-1320120001' }) @Matches(ID) institutionId!: string;
}

export class SurveyParams extends FiscalYearParams {
  @ApiProperty({ example: 'followUp-2024' }) @Matches(ID) surveyId!: string;
}

export class IssueHubSurveyDto {
  @ApiProperty({ example: 2024 }) @IsFiscalYear() fiscalYear!: number;
  @ApiProperty({ example: '2025-02-28', description: '回答期限' }) @Matches(ISO_DATE) dueDate!: string;
}
