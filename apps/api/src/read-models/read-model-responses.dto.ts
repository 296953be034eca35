import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of the read-model answers (the controllers return plain objects of these shapes). */
class LabelDto {
  @ApiProperty() readonly ja!: string;
  @ApiProperty() readonly en!: string;
}

class NextActionDto {
  @ApiProperty({ example: 'DecideGrant' }) readonly action!: string;
  @ApiProperty({ type: [String], example: ['approver'] }) readonly by!: string[];
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
  @ApiProperty({ type: [CaseSummaryDto] }) readonly items!: CaseSummaryDto[];
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

export class RecipientTimelineDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty({ type: String, nullable: true }) readonly recipientKind!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly municipalityCode!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) readonly nextAction!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly dueDate!: string | null;
  @ApiProperty({ type: [Object], description: 'Training duties not met (③ → ②)' })
  readonly openObligations!: object[];
  @ApiProperty({
    type: Object,
    description: 'The years: training, window, applications, rate and base, next action',
  })
  readonly timeline!: object;
  @ApiProperty() readonly position!: string;
}

export class RecipientTimelinesDto {
  @ApiProperty({ example: 'hospital' }) readonly kind!: string;
  @ApiProperty({ example: 'hosp-1' }) readonly id!: string;
  @ApiProperty({ type: [RecipientTimelineDto] }) readonly timelines!: RecipientTimelineDto[];
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
  @ApiProperty({ type: [ProgramBudgetDto] }) readonly budgets!: ProgramBudgetDto[];
}

export class BudgetCommandResponseDto {
  @ApiProperty() readonly programId!: string;
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty({ description: 'Pass as `?afterPosition=`' }) readonly position!: string;
  @ApiProperty({ type: [String], description: 'None when the same amount was already allocated' })
  readonly events!: string[];
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
  @ApiProperty({ type: [TrainingCompletionDto] }) readonly items!: TrainingCompletionDto[];
  @ApiProperty({ description: 'Matching completions over all pages' }) readonly total!: number;
  @ApiProperty({ type: String, nullable: true }) readonly nextCursor!: string | null;
}
