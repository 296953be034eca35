import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPLICATION_COMMAND_TYPES, APPLICATION_STAGES, ROLES } from '#domain';
import { RecipientDto } from './application.dto.ts';

/**
 * OpenAPI shape of GET /applications/:applicationId (the controller returns the workflow's
 * ApplicationCase, a plain object of this shape): what the console's case page reads.
 */
const COMMAND_TYPES = APPLICATION_COMMAND_TYPES;

class TextDto {
  @ApiProperty({ example: '補助対象の事業者である' }) readonly ja!: string;
  @ApiProperty({ example: 'an eligible recipient' }) readonly en!: string;
}

class SeedCitationDto {
  @ApiProperty({ description: 'The seed document', example: '000_0408eb867b5967d4.txt' })
  readonly seed!: string;
  @ApiProperty({ description: 'Its section (heading or table)', example: '補助基準額' })
  readonly section!: string;
}

class CaseNextActionDto {
  @ApiProperty({ enum: APPLICATION_STAGES }) readonly stage!: string;
  @ApiProperty({ enum: COMMAND_TYPES }) readonly action!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) readonly by!: string[];
  @ApiPropertyOptional({ example: '2016-05-31' }) readonly dueDate?: string;
  @ApiProperty({ type: TextDto }) readonly label!: TextDto;
  @ApiPropertyOptional({ enum: COMMAND_TYPES, isArray: true }) readonly alternatives?: string[];
  @ApiPropertyOptional({ type: [TextDto] }) readonly reasons?: TextDto[];
}

class CaseRefDto {
  @ApiProperty() readonly applicationId!: string;
  @ApiProperty({ example: 'pediatric-home-care' }) readonly programId!: string;
  @ApiProperty({ example: 'pediatric-home-care' }) readonly menuId!: string;
  @ApiProperty({ example: 2016 }) readonly fiscalYear!: number;
  @ApiProperty({ description: '補助何年目', example: 1 }) readonly programYear!: number;
  @ApiProperty({ type: RecipientDto }) readonly recipient!: RecipientDto;
}

class CaseQuantityDto {
  @ApiPropertyOptional() readonly units?: number;
  @ApiPropertyOptional() readonly persons?: number;
  @ApiPropertyOptional({ type: [Number] }) readonly personsPerMonth?: number[];
}

class RequestedAmountsDto {
  @ApiProperty({ type: Number, nullable: true, description: 'The amount applied for (yen)' })
  readonly amount!: number | null;
  @ApiPropertyOptional({ type: CaseQuantityDto }) readonly quantity?: CaseQuantityDto;
  @ApiPropertyOptional({ description: '対象経費の支出予定額 (yen)' }) readonly plannedExpenditure?: number;
  @ApiPropertyOptional({ description: '寄付金その他の収入 (yen)' }) readonly otherIncome?: number;
}

class TraceStepDto {
  @ApiProperty({ example: 'netExpenditure' }) readonly key!: string;
  @ApiProperty({ type: TextDto }) readonly label!: TextDto;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }] }) readonly value!: number | string;
  @ApiProperty({ example: 'max(4,000,000円 − 0円, 0円)' }) readonly formula!: string;
}

class TraceInputsDto {
  @ApiProperty() readonly baseAmount!: number;
  @ApiProperty() readonly actualExpenditure!: number;
  @ApiProperty() readonly otherIncome!: number;
  @ApiProperty({ example: '10/10' }) readonly subsidyRate!: string;
}

class RuleReferenceDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty({ example: 'pediatric-home-care@H29' }) readonly versionId!: string;
  @ApiPropertyOptional() readonly menuId?: string;
  @ApiProperty({ description: 'The fiscal year the version applies from' }) readonly effectiveFrom!: number;
  @ApiProperty({ type: [SeedCitationDto] }) readonly sources!: SeedCitationDto[];
}

class AmountTraceDto {
  @ApiProperty({ type: TraceInputsDto }) readonly inputs!: TraceInputsDto;
  @ApiProperty({
    type: [TraceStepDto],
    description: 'base × units, expenditure − income, rate, 千円未満切捨て',
  })
  readonly steps!: TraceStepDto[];
  @ApiPropertyOptional({ type: RuleReferenceDto }) readonly rule?: RuleReferenceDto;
}

class CalculationContextDto {
  @ApiProperty() readonly programName!: string;
  @ApiProperty() readonly menuName!: string;
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty({ example: '平成28年度' }) readonly fiscalYearLabel!: string;
  @ApiProperty() readonly programYear!: number;
}

class AmountCalculationDto {
  @ApiProperty() readonly amount!: number;
  @ApiProperty({ type: AmountTraceDto }) readonly trace!: AmountTraceDto;
  @ApiProperty({ type: CalculationContextDto }) readonly context!: CalculationContextDto;
}

class AmountDecisionDto {
  @ApiProperty({ description: 'Yen' }) readonly amount!: number;
  @ApiProperty({ example: '10/10' }) readonly subsidyRate!: string;
  @ApiProperty() readonly baseAmount!: number;
  @ApiProperty() readonly ruleVersionId!: string;
  @ApiProperty({ type: AmountCalculationDto }) readonly calculation!: AmountCalculationDto;
}

class ConfirmedAmountDto extends AmountDecisionDto {
  @ApiProperty({ description: 'The rule on the actuals' }) readonly calculatedAmount!: number;
  @ApiProperty({ description: 'Capped at the grant' }) readonly confirmedAmount!: number;
  @ApiProperty() readonly grantedAmount!: number;
}

class CaseMoneyDto {
  @ApiProperty({ type: RequestedAmountsDto }) readonly requested!: RequestedAmountsDto;
  @ApiProperty({ type: AmountDecisionDto, nullable: true }) readonly granted!: AmountDecisionDto | null;
  @ApiProperty({ type: ConfirmedAmountDto, nullable: true }) readonly confirmed!: ConfirmedAmountDto | null;
  @ApiProperty() readonly paid!: number;
  @ApiProperty() readonly refundOrdered!: number;
  @ApiProperty() readonly refunded!: number;
  @ApiProperty() readonly outstandingRefund!: number;
}

class EligibilityCheckDto {
  @ApiProperty({ example: 'recipient-kind' }) readonly checkId!: string;
  @ApiProperty({ enum: ['passed', 'failed', 'notApplicable'] }) readonly status!: string;
  @ApiProperty({ type: TextDto, description: 'The reason a caseworker can read out' })
  readonly reason!: TextDto;
  @ApiPropertyOptional({ type: SeedCitationDto }) readonly source?: SeedCitationDto;
}

class CaseEligibilityDto {
  @ApiProperty({ description: 'The rule version the checks ran on' }) readonly versionId!: string;
  @ApiProperty() readonly eligible!: boolean;
  @ApiProperty({ type: [EligibilityCheckDto] }) readonly checks!: EligibilityCheckDto[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Training obligations (③ → ②)' })
  readonly obligations!: object[];
  @ApiProperty() readonly reviewerId!: string;
  @ApiProperty({ example: '2016-04-20' }) readonly reviewedOn!: string;
}

class CaseHistoryEntryDto {
  @ApiProperty({ example: 'ApplicationSubmitted' }) readonly type!: string;
  @ApiProperty({ example: 'muni-131016' }) readonly actorId!: string;
  @ApiProperty({ enum: ROLES }) readonly actorRole!: string;
  @ApiProperty({ description: 'ISO instant of the command', example: '2016-04-10T01:00:00.000Z' })
  readonly at!: string;
  @ApiPropertyOptional() readonly reason?: string;
}

export class ApplicationCaseDto {
  @ApiProperty() readonly applicationId!: string;
  @ApiProperty({ enum: APPLICATION_STAGES }) readonly stage!: string;
  @ApiProperty({ enum: COMMAND_TYPES, isArray: true, description: 'The commands the stage accepts' })
  readonly allowedCommands!: string[];
  @ApiProperty({ type: CaseNextActionDto, nullable: true }) readonly nextAction!: CaseNextActionDto | null;
  @ApiProperty({ type: CaseRefDto }) readonly ref!: CaseRefDto;
  @ApiProperty() readonly revision!: number;
  @ApiProperty({ description: 'Global position of the last event (decimal)' }) readonly position!: string;
  @ApiProperty({ type: CaseMoneyDto }) readonly amounts!: CaseMoneyDto;
  @ApiProperty({ type: CaseEligibilityDto, nullable: true, description: 'The latest review’s checks' })
  readonly eligibility!: CaseEligibilityDto | null;
  @ApiProperty({ type: [String], description: 'Who reviewed: none of them may decide (四つの目)' })
  readonly reviewerIds!: string[];
  @ApiProperty({ type: [CaseHistoryEntryDto], description: 'The events, oldest first' })
  readonly history!: CaseHistoryEntryDto[];
  @ApiProperty({
    type: AmountDecisionDto,
    nullable: true,
    description:
      'Before the grant: the amount rule in force on the requested amounts, with its trace (what would be granted)',
  })
  readonly proposedGrant!: AmountDecisionDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The decider’s state' })
  readonly state!: object;
}
