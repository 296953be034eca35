import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { RECIPIENT_KINDS, type RecipientKind } from '#domain';
import {
  CALENDAR_DATE,
  CLIENT_ID,
  CLIENT_ID_MESSAGE,
  ReasonDto,
  RequiredReasonDto,
} from '../commands/command-dto.ts';
import { IsFiscalYear } from '../validation/fiscal-year-field.ts';
import { IsOmittable } from '../validation/is-omittable.ts';

const MAX_YEN = Number.MAX_SAFE_INTEGER;

export class ApplicationParamsDto {
  @ApiProperty({ example: '2016-hosp-1-staffing' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly applicationId!: string;
}

export class RecipientDto {
  @ApiProperty({ enum: RECIPIENT_KINDS, example: 'hospital' })
  @IsIn(RECIPIENT_KINDS)
  readonly kind!: RecipientKind;

  @ApiProperty({
    description: 'The recipient: municipality code, institution or association id',
    example: 'hosp-1',
  })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly id!: string;

  @ApiProperty({
    description: '6-digit 全国地方公共団体コード where the recipient stands',
    example: '131016',
  })
  @Matches(/^\d{6}$/, { message: '$property must be 6 digits' })
  readonly municipalityCode!: string;
}

export class QuantityDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10_000,
    description: 'Units (menus, facilities, associations…)',
    example: 1,
  })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(10_000)
  readonly units?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10_000,
    description: 'Persons (per-person base amounts)',
    example: 2,
  })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(10_000)
  readonly persons?: number;

  @ApiPropertyOptional({
    description: 'Persons in each month (per person per month)',
    type: [Number],
    example: [3, 5],
  })
  @IsOmittable()
  @ArrayMaxSize(12)
  @IsInt({ each: true })
  @Min(0, { each: true })
  readonly personsPerMonth?: number[];
}

/** The money of an application (yen, integers). */
class AmountsDto {
  @ApiPropertyOptional({ type: QuantityDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => QuantityDto)
  readonly quantity?: QuantityDto;
}

export class DraftApplicationDto extends AmountsDto {
  @ApiPropertyOptional({
    description: 'The case id; a new one is made when absent',
    example: '2016-hosp-1-staffing',
  })
  @IsOmittable()
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly applicationId?: string;

  @ApiProperty({ maxLength: 100, minLength: 1, example: 'transition-staffing' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly programId!: string;

  @ApiProperty({ maxLength: 100, minLength: 1, example: 'per-hospital' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly menuId!: string;

  @ApiProperty({ description: 'Fiscal year (年度) as the Western year it starts in', example: 2016 })
  @IsFiscalYear()
  readonly fiscalYear!: number;

  @ApiProperty({ minimum: 1, maximum: 50, description: '補助何年目 (1 = first funded year)', example: 1 })
  @IsInt()
  @Min(1)
  @Max(50)
  readonly programYear!: number;

  @ApiProperty({ type: RecipientDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RecipientDto)
  readonly recipient!: RecipientDto;

  @ApiProperty({
    minimum: 0,
    maximum: MAX_YEN,
    description: '対象経費の支出予定額 (yen)',
    example: 4_000_000,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_YEN)
  readonly plannedExpenditure!: number;

  @ApiProperty({ minimum: 0, maximum: MAX_YEN, description: '寄付金その他の収入 (yen)', example: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_YEN)
  readonly otherIncome!: number;
}

export class ApplicantFactsDto {
  @ApiProperty({ enum: [...RECIPIENT_KINDS, 'clinic'], example: 'hospital' })
  @IsIn([...RECIPIENT_KINDS, 'clinic'])
  readonly kind!: RecipientKind | 'clinic';

  @ApiPropertyOptional({ minimum: 0, maximum: 100_000, example: 120 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(100_000)
  readonly beds?: number;

  @ApiPropertyOptional() @IsOmittable() @IsBoolean() readonly designatedSecondaryEmergency?: boolean;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() readonly psychiatric?: boolean;
  @ApiPropertyOptional({ description: '市町村立' }) @IsOmittable() @IsBoolean() readonly municipal?: boolean;
  @ApiPropertyOptional({ description: '都立' }) @IsOmittable() @IsBoolean() readonly metropolitan?: boolean;
  @ApiPropertyOptional({ description: '独立行政法人' })
  @IsOmittable()
  @IsBoolean()
  readonly independentAdministrativeAgency?: boolean;
}

export class DischargeSupportStandardDto {
  @ApiProperty() @IsBoolean() readonly metThisFiscalYear!: boolean;
  @ApiProperty() @IsBoolean() readonly metBeforeFirstProgramYear!: boolean;
}

export class IctNetworkDto {
  @ApiProperty() @IsBoolean() readonly municipalityCooperation!: boolean;
  @ApiProperty() @IsBoolean() readonly privacyAndAccidentPreventionMeasures!: boolean;
  @ApiProperty() @IsBoolean() readonly liaisonMeetingsAmongUsers!: boolean;
}

/**
 * What the caseworker establishes about the applicant. Staff training completions and earlier funded
 * years are not taken from the request: they are looked up in the log.
 */
export class ReviewFactsDto {
  @ApiProperty({ type: ApplicantFactsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicantFactsDto)
  readonly applicant!: ApplicantFactsDto;

  @ApiPropertyOptional({ type: DischargeSupportStandardDto, description: '退院支援加算 facility standard' })
  @IsOmittable()
  @ValidateNested()
  @Type(() => DischargeSupportStandardDto)
  readonly dischargeSupportStandard?: DischargeSupportStandardDto;

  @ApiPropertyOptional() @IsOmittable() @IsBoolean() readonly acceptsPatientsOnConditionChange?: boolean;
  @ApiPropertyOptional({ description: 'expenses booked in the long-term-care special account' })
  @IsOmittable()
  @IsBoolean()
  readonly expensesInLongTermCareSpecialAccount?: boolean;

  @ApiPropertyOptional({ type: IctNetworkDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => IctNetworkDto)
  readonly ictNetwork?: IctNetworkDto;
}

export class StartReviewDto extends ReasonDto {
  @ApiProperty({ type: ReviewFactsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ReviewFactsDto)
  readonly facts!: ReviewFactsDto;
}

export class RequestCorrectionDto extends RequiredReasonDto {
  @ApiProperty({ type: [String], example: ['人件費の内訳'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  readonly items!: string[];

  @ApiPropertyOptional({
    format: 'date',
    description: 'YYYY-MM-DD; default: the programme’s correction period',
    example: '2016-05-06',
  })
  @IsOmittable()
  @Matches(CALENDAR_DATE, { message: '$property must be a date YYYY-MM-DD' })
  readonly responseDueDate?: string;
}

/** Amounts that replace the applied ones (補正後の再提出, 変更申請); absent ones stay. */
class RevisedAmountsDto extends AmountsDto {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_YEN, example: 3_800_000 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_YEN)
  readonly plannedExpenditure?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_YEN, example: 0 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_YEN)
  readonly otherIncome?: number;

  @ApiPropertyOptional({ maxLength: 2000, minLength: 1, example: '書類確認済み' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  readonly reason?: string;
}

export class ResubmitApplicationDto extends RevisedAmountsDto {
  @ApiPropertyOptional({
    maxLength: 4000,
    description: 'The answer to the correction items',
    example: '内訳を添付',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(4000)
  readonly response?: string;
}

export class RequestChangeDto extends RevisedAmountsDto {
  @ApiPropertyOptional({ description: 'The change request id; a new one when absent', example: 'chg-1' })
  @IsOmittable()
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly changeId?: string;
}

export class RecordPaymentDto extends ReasonDto {
  @ApiProperty({
    description: 'The payment id (振込番号): a repeat of the same id and amount records nothing',
    example: 'pay-1',
  })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly paymentId!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_YEN, description: 'Yen', example: 3_600_000 })
  @IsInt()
  @Min(1)
  @Max(MAX_YEN)
  readonly amount!: number;
}

export class ReportPerformanceDto extends ReasonDto {
  @ApiProperty({ minimum: 0, maximum: MAX_YEN, description: '実支出額 (yen)', example: 4_100_000 })
  @IsInt()
  @Min(0)
  @Max(MAX_YEN)
  readonly actualExpenditure!: number;

  @ApiProperty({ minimum: 0, maximum: MAX_YEN, description: '寄付金その他の収入 (yen)', example: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_YEN)
  readonly otherIncome!: number;

  @ApiPropertyOptional({ type: QuantityDto, description: 'Actual quantity; default: the granted one' })
  @IsOmittable()
  @ValidateNested()
  @Type(() => QuantityDto)
  readonly quantity?: QuantityDto;
}

export class RecordRefundDto extends RequiredReasonDto {
  @ApiProperty({ example: 'refund-1' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly refundId!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_YEN, description: 'Yen', example: 500_000 })
  @IsInt()
  @Min(1)
  @Max(MAX_YEN)
  readonly amount!: number;
}
