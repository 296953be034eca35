import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { SURVEY_ANSWERS, type SurveyAnswer, type SurveyItemSet } from '#domain';
import { CALENDAR_DATE } from '../commands/command-dto.ts';
import { IsOmittable } from '../validation/is-omittable.ts';

/** OpenCollaborationSurveyRound: the basis of the figures; the item set defaults to the latest (seed 001's 28年度). */
export class OpenSurveyRoundDto {
  @ApiProperty({ description: 'The date the figures stand at', example: '2017-03-31' })
  @Matches(CALENDAR_DATE, { message: '$property must be a date YYYY-MM-DD' })
  readonly referenceDate!: string;

  @ApiProperty({
    description: 'The basis note printed with the table',
    example: '28年10月31日時点（今年度実施予定、検討中を含む）から「28年度末時点」として再調査をした実施数',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  readonly note!: string;

  @ApiProperty({
    description: 'The answers counted as 実施',
    enum: SURVEY_ANSWERS,
    isArray: true,
    example: ['implemented', 'planned', 'considering'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(SURVEY_ANSWERS, { each: true })
  readonly countedAnswers!: SurveyAnswer[];

  @ApiPropertyOptional({
    description:
      'The items asked, as data: { version, source: { seed, section }, items: [{ item, title, questions: [{ id, label, kind: answered|anyOf|group, children }] }] }; default: itemSetVersion, else H28',
    type: 'object',
    additionalProperties: true,
  })
  @IsOmittable()
  @IsObject()
  readonly itemSet?: SurveyItemSet;

  @ApiPropertyOptional({
    description: 'A code-defined item set: H27 or H28 (seed 001)',
    enum: ['H27', 'H28'],
  })
  @IsOmittable()
  @IsIn(['H27', 'H28'])
  readonly itemSetVersion?: 'H27' | 'H28';
}

export class PaperSourceDto {
  @ApiProperty({
    description: 'The paper form: its document reference (文書番号 etc.)',
    example: '28福保医政第123号',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  readonly reference!: string;

  @ApiProperty({ description: 'The date it was received', example: '2017-04-10' })
  @Matches(CALENDAR_DATE, { message: '$property must be a date YYYY-MM-DD' })
  readonly receivedOn!: string;
}

/** AnswerCollaborationSurvey: one municipality's answer to every line of the round's items. */
export class SurveyAnswerDto {
  @ApiProperty({ description: '全国地方公共団体コード of the municipality answering', example: '131016' })
  @Matches(/^\d{6}$/, { message: '$property must be a 6-digit municipality code' })
  readonly municipalityCode!: string;

  @ApiProperty({
    description: `question id → one of ${SURVEY_ANSWERS.join(', ')}; every answered line (not the any-of lines, which are computed)`,
    type: 'object',
    additionalProperties: { type: 'string', enum: [...SURVEY_ANSWERS] },
    example: { 'a-1': 'implemented', 'a-2': 'planned' },
  })
  @IsObject()
  readonly answers!: Record<string, SurveyAnswer>;

  @ApiPropertyOptional({
    description: 'Required when a caseworker enters a paper answer',
    type: PaperSourceDto,
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => PaperSourceDto)
  readonly source?: PaperSourceDto;

  @ApiPropertyOptional({
    description: 'Why: required for a correction (a second answer)',
    example: '記入誤りの訂正',
  })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  readonly reason?: string;
}
