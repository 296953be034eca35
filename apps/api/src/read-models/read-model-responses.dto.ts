import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of the read-model answers (the controllers return plain objects of these shapes). */
export class LabelDto {
  @ApiProperty() readonly ja!: string;
  @ApiProperty() readonly en!: string;
}

class NextActionDto {
  @ApiProperty({ example: 'DecideGrant' }) readonly action!: string;
  @ApiProperty({ type: [String], example: ['approver'] }) readonly by!: readonly string[];
  @ApiProperty({ type: String, nullable: true, example: '2016-05-31' }) readonly dueDate!: string | null;
  @ApiProperty({ type: LabelDto }) readonly label!: LabelDto;
}

class RecipientRefDto {
  @ApiProperty({ example: 'hospital' }) readonly kind!: string;
  @ApiProperty({ example: 'hosp-1' }) readonly id!: string;
  @ApiProperty({ example: '131016' }) readonly municipalityCode!: string;
}

class CaseAmountsDto {
  @ApiProperty({ type: Number, nullable: true }) readonly requested!: number | null;
  @ApiProperty({ type: Number, nullable: true }) readonly granted!: number | null;
  @ApiProperty({ type: Number, nullable: true }) readonly confirmed!: number | null;
  @ApiProperty() readonly paid!: number;
  @ApiProperty() readonly refunded!: number;
}

export class CaseSummaryDto {
  @ApiProperty() readonly applicationId!: string;
  @ApiProperty() readonly programId!: string;
  @ApiProperty() readonly menuId!: string;
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty({ description: '補助何年目' }) readonly programYear!: number;
  @ApiProperty({ type: RecipientRefDto }) readonly recipient!: RecipientRefDto;
  @ApiProperty({ example: 'UnderReview' }) readonly stage!: string;
  @ApiProperty({ type: NextActionDto, nullable: true }) readonly nextAction!: NextActionDto | null;
  @ApiProperty({ type: String, nullable: true }) readonly dueDate!: string | null;
  @ApiProperty({ type: CaseAmountsDto, description: 'Yen' }) readonly amounts!: CaseAmountsDto;
  @ApiProperty() readonly lastEventType!: string;
  @ApiProperty() readonly lastEventAt!: string;
  @ApiProperty({ description: 'Global position of the last event folded in' }) readonly position!: string;
}

export class WorkQueuePageDto {
  @ApiProperty({ type: [CaseSummaryDto] }) readonly items!: readonly CaseSummaryDto[];
  @ApiProperty({ description: 'Matching cases over all pages' }) readonly total!: number;
  @ApiProperty({ type: String, nullable: true }) readonly nextCursor!: string | null;
  @ApiProperty({
    description: 'Cases per stage under the same filters but the stage filter',
    example: { Submitted: 2, UnderReview: 1 },
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  readonly countsByStage!: Record<string, number>;
}

export class ProgramApplicationsDto extends WorkQueuePageDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty() readonly fiscalYear!: number;
}

/** ③修了者は翌年度②を受講すること: an open duty on a person, or one already missed. */
export class TrainingObligationDto {
  @ApiProperty({ description: 'Pseudonymous person id', example: 'nurse-7' }) readonly personId!: string;
  @ApiProperty({ example: 'dischargeSupportAdvanced' }) readonly course!: string;
  @ApiProperty({ example: 2017 }) readonly dueFiscalYear!: number;
  @ApiProperty({ enum: ['open', 'overdue'] }) readonly status!: 'open' | 'overdue';
  @ApiProperty({ type: LabelDto }) readonly reason!: LabelDto;
}

class MenuRuleInForceDto {
  @ApiProperty() readonly menuId!: string;
  @ApiProperty({ example: '1/2' }) readonly subsidyRate!: string;
  @ApiProperty({ example: '3,600,000円 / 人 (上限2名)' }) readonly baseAmountRule!: string;
}

class RuleInForceDto {
  @ApiProperty() readonly versionId!: string;
  @ApiProperty() readonly programYear!: number;
  @ApiProperty({ type: [MenuRuleInForceDto] }) readonly menus!: readonly MenuRuleInForceDto[];
}

class TimelineTrainingCompletionDto {
  @ApiProperty() readonly offeringId!: string;
  @ApiProperty() readonly personId!: string;
  @ApiProperty({ example: 'common' }) readonly course!: string;
  @ApiProperty({ example: '2016-10-05' }) readonly completedOn!: string;
}

class ApplicationNextActionDto {
  @ApiProperty() readonly stage!: string;
  @ApiProperty() readonly action!: string;
  @ApiProperty({ type: [String] }) readonly by!: readonly string[];
  @ApiPropertyOptional() readonly dueDate?: string;
  @ApiProperty({ type: LabelDto }) readonly label!: LabelDto;
}

class TimelineApplicationDto {
  @ApiProperty() readonly applicationId!: string;
  @ApiProperty() readonly menuId!: string;
  @ApiProperty({ description: '補助何年目' }) readonly programYear!: number;
  @ApiProperty() readonly stage!: string;
  @ApiPropertyOptional() readonly appliedOn?: string;
  @ApiPropertyOptional() readonly decidedOn?: string;
  @ApiPropertyOptional({ description: '交付決定額 (yen)' }) readonly grantedAmount?: number;
  @ApiPropertyOptional() readonly reportedOn?: string;
  @ApiPropertyOptional() readonly confirmedOn?: string;
  @ApiPropertyOptional({ description: '確定額 (yen)' }) readonly confirmedAmount?: number;
  @ApiProperty({ description: '支払額 (yen)' }) readonly paid!: number;
  @ApiProperty({ description: '返還額 (yen)' }) readonly refunded!: number;
  @ApiPropertyOptional() readonly endedOn?: string;
  @ApiPropertyOptional({ example: '10/10' }) readonly subsidyRate?: string;
  @ApiPropertyOptional({ description: 'Base amount for the applied quantity (yen)' })
  readonly baseAmount?: number;
  @ApiPropertyOptional({ type: ApplicationNextActionDto }) readonly nextAction?: ApplicationNextActionDto;
  @ApiProperty({ type: Object, description: "The case's folded state" }) readonly state!: object;
}

class OpenedApplicationWindowDto {
  @ApiProperty() readonly opens!: string;
  @ApiProperty() readonly closes!: string;
  @ApiProperty() readonly enabledByTrainingIn!: number;
  @ApiProperty({ type: [String] }) readonly personIds!: readonly string[];
}

class ApplicationWindowDto {
  @ApiProperty() readonly opens!: string;
  @ApiProperty() readonly closes!: string;
}

class TimelineGrantYearDto {
  @ApiProperty() readonly menuId!: string;
  @ApiProperty() readonly programYear!: number;
  @ApiProperty({ example: '1/2' }) readonly subsidyRate!: string;
  @ApiProperty() readonly baseAmount!: string;
  @ApiProperty() readonly ruleVersionId!: string;
  @ApiProperty({ enum: ['started', 'advanced'] }) readonly recorded!: 'started' | 'advanced';
  @ApiPropertyOptional() readonly previousSubsidyRate?: string;
  @ApiPropertyOptional() readonly rateChanged?: boolean;
  @ApiProperty({ type: ApplicationWindowDto }) readonly applicationWindow!: ApplicationWindowDto;
}

class TimelineActionDto {
  @ApiProperty() readonly fiscalYear!: number;
  @ApiPropertyOptional() readonly applicationId?: string;
  @ApiProperty() readonly action!: string;
  @ApiPropertyOptional() readonly dueDate?: string;
  @ApiProperty({ type: LabelDto }) readonly label!: LabelDto;
}

class TimelineYearDto {
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty({ example: '平成28年度' }) readonly fiscalYearLabel!: string;
  @ApiPropertyOptional({ description: '補助何年目' }) readonly programYear?: number;
  @ApiPropertyOptional({ type: RuleInForceDto }) readonly rule?: RuleInForceDto;
  @ApiProperty({ type: [TimelineTrainingCompletionDto] })
  readonly trainingCompletions!: readonly TimelineTrainingCompletionDto[];
  @ApiPropertyOptional({ type: OpenedApplicationWindowDto })
  readonly applicationOpens?: OpenedApplicationWindowDto;
  @ApiProperty({ type: [TimelineApplicationDto] }) readonly applications!: readonly TimelineApplicationDto[];
  @ApiProperty({ type: [TrainingObligationDto] }) readonly obligations!: readonly TrainingObligationDto[];
  @ApiPropertyOptional({ type: [TimelineGrantYearDto] }) readonly grants?: readonly TimelineGrantYearDto[];
  @ApiPropertyOptional({ type: TimelineActionDto }) readonly nextAction?: TimelineActionDto;
}

class GrantEndedDto {
  @ApiPropertyOptional() readonly menuId?: string;
  @ApiProperty() readonly lastFiscalYear!: number;
  @ApiProperty() readonly reason!: string;
}

class RecipientProgramTimelineDto {
  @ApiProperty() readonly recipientId!: string;
  @ApiProperty() readonly programId!: string;
  @ApiProperty({ type: [TimelineYearDto] }) readonly years!: readonly TimelineYearDto[];
  @ApiPropertyOptional({ type: [GrantEndedDto] }) readonly grantsEnded?: readonly GrantEndedDto[];
  @ApiPropertyOptional({ type: TimelineActionDto }) readonly nextAction?: TimelineActionDto;
}

export class RecipientTimelineDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty({ type: String, nullable: true }) readonly recipientKind!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly municipalityCode!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) readonly nextAction!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly dueDate!: string | null;
  @ApiProperty({ type: [TrainingObligationDto], description: 'Training duties not met (③ → ②)' })
  readonly openObligations!: readonly TrainingObligationDto[];
  @ApiProperty({
    type: RecipientProgramTimelineDto,
    description: 'The years: training, window, applications, rate and base, next action',
  })
  readonly timeline!: RecipientProgramTimelineDto;
  @ApiProperty() readonly position!: string;
}

export class RecipientTimelinesDto {
  @ApiProperty({ example: 'hospital' }) readonly kind!: string;
  @ApiProperty({ example: 'hosp-1' }) readonly id!: string;
  @ApiProperty({ type: [RecipientTimelineDto] }) readonly timelines!: readonly RecipientTimelineDto[];
}

export class ProgramBudgetDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty({ type: Number, nullable: true, description: '予算額 (yen); null until allocated' })
  readonly budgetAmount!: number | null;
  @ApiProperty({ type: String, nullable: true }) readonly budgetReason!: string | null;
  @ApiProperty({ description: '交付決定額 (granted, yen)' }) readonly decidedAmount!: number;
  @ApiProperty({ description: '確定額 (yen)' }) readonly confirmedAmount!: number;
  @ApiProperty({ description: '支払額 (yen)' }) readonly paidAmount!: number;
  @ApiProperty({ description: '返還額 (yen)' }) readonly refundedAmount!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'budget − decided' })
  readonly remainingAmount!: number | null;
  @ApiProperty() readonly grantedCases!: number;
  @ApiProperty() readonly position!: string;
}

export class ProgramBudgetsDto {
  @ApiProperty({ type: [ProgramBudgetDto] }) readonly budgets!: readonly ProgramBudgetDto[];
}

export class BudgetCommandResponseDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty({ description: 'Pass as `?afterPosition=`' }) readonly position!: string;
  @ApiProperty({ type: [String], description: 'None when the same amount was already allocated' })
  readonly events!: readonly string[];
}

export class TrainingCompletionDto {
  @ApiProperty() readonly offeringId!: string;
  @ApiProperty({ description: 'Pseudonymous person id (names live outside the event log)' })
  readonly personId!: string;
  @ApiProperty({ example: 'dischargeSupportAdvanced' }) readonly courseId!: string;
  @ApiProperty({ type: LabelDto, description: 'The course name (研修名)' }) readonly courseName!: LabelDto;
  @ApiProperty({ description: 'Fiscal year (年度) of the offering' }) readonly fiscalYear!: number;
  @ApiProperty({ description: 'The employing institution at completion' }) readonly institutionId!: string;
  @ApiProperty({ example: '2016-10-05' }) readonly completedOn!: string;
  @ApiProperty({ description: 'Global position of the TrainingCompleted event' }) readonly position!: string;
}

export class TrainingCompletionsPageDto {
  @ApiProperty({ type: [TrainingCompletionDto] }) readonly items!: readonly TrainingCompletionDto[];
  @ApiProperty({ description: 'Matching completions over all pages' }) readonly total!: number;
  @ApiProperty({ type: String, nullable: true }) readonly nextCursor!: string | null;
}

export class TrainingOfferingSummaryDto {
  @ApiProperty({ example: 'common-2016' }) readonly offeringId!: string;
  @ApiProperty({ example: 'common' }) readonly courseId!: string;
  @ApiProperty({ type: LabelDto, description: 'The course name (研修名)' }) readonly courseName!: LabelDto;
  @ApiProperty({ description: 'Fiscal year (年度) of the offering' }) readonly fiscalYear!: number;
  @ApiProperty({ type: String, nullable: true, example: '2016-09-10' })
  readonly firstSessionOn!: string | null;
  @ApiProperty() readonly sessionCount!: number;
  @ApiProperty({ description: 'Participants enrolled, not yet completed' }) readonly enrolledCount!: number;
  @ApiProperty({ description: '修了者' }) readonly completedCount!: number;
  @ApiProperty() readonly withdrawnCount!: number;
  @ApiProperty({ description: 'Global position of the last event folded in' }) readonly position!: string;
}

export class TrainingOfferingsPageDto {
  @ApiProperty({ type: [TrainingOfferingSummaryDto] }) readonly items!: readonly TrainingOfferingSummaryDto[];
  @ApiProperty({ description: 'Matching offerings over all pages' }) readonly total!: number;
  @ApiProperty({ type: String, nullable: true }) readonly nextCursor!: string | null;
}
