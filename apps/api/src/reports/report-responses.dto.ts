import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MunicipalityNameDto } from '../designations/designation-responses.dto.ts';

/**
 * The JSON of the reports (`?format=json`, the default), as OpenAPI schemas for clients (the console's
 * typed client): the figures each report answers with. Nested provenance (`sources`, `source`) is named
 * as an object; its shape is in the route's description.
 */

const OBJECT = { type: 'object', additionalProperties: true } as const;

class AsOfDto {
  @ApiPropertyOptional({ example: '2026-11-30T09:00:00+09:00' }) readonly at?: string;
  @ApiPropertyOptional({ example: '1234' }) readonly position?: string;
}

export class SurveyFigureDto {
  @ApiProperty({ example: 45 }) readonly count!: number;
  @ApiProperty({ example: 84.9, description: 'Share of n in percent' }) readonly sharePercent!: number;
  @ApiProperty({ example: '84.9%' }) readonly shareText!: string;
}

export class CollaborationSurveyReportRowDto {
  @ApiProperty({ example: '(ア)' }) readonly item!: string;
  @ApiProperty() readonly itemTitle!: string;
  @ApiProperty() readonly questionId!: string;
  @ApiProperty({ type: [String], description: '内容: the headings above the line, then the line' })
  readonly labels!: string[];
  @ApiProperty({ enum: ['answered', 'anyOf'] }) readonly kind!: 'answered' | 'anyOf';
  @ApiProperty({ type: SurveyFigureDto }) readonly current!: SurveyFigureDto;
  @ApiProperty({ type: SurveyFigureDto, nullable: true }) readonly previous!: SurveyFigureDto | null;
  @ApiProperty({ type: Number, nullable: true, example: -5.7 }) readonly changePoints!: number | null;
  @ApiProperty({ example: '△5.7%' }) readonly changeText!: string;
}

export class CollaborationSurveyReportDto {
  @ApiProperty() readonly title!: string;
  @ApiProperty({ example: 2016 }) readonly fiscalYear!: number;
  @ApiProperty({ example: 2015 }) readonly previousFiscalYear!: number;
  @ApiProperty({ example: 53 }) readonly n!: number;
  @ApiProperty({ type: Number, nullable: true }) readonly previousN!: number | null;
  @ApiProperty({ ...OBJECT, description: 'reference date, note, answers counted as 実施' })
  readonly basis!: Record<string, unknown>;
  @ApiProperty({ ...OBJECT, nullable: true }) readonly previousBasis!: Record<string, unknown> | null;
  @ApiProperty({ example: 'H28' }) readonly itemSetVersion!: string;
  @ApiProperty({ description: 'How many of the n answered' }) readonly answered!: number;
  @ApiProperty({ type: [CollaborationSurveyReportRowDto] }) readonly rows!: CollaborationSurveyReportRowDto[];
}

export class BudgetExecutionLineDto {
  @ApiProperty({ example: 'transition-support' }) readonly programId!: string;
  @ApiProperty() readonly programName!: string;
  @ApiProperty({ example: 2016 }) readonly fiscalYear!: number;
  @ApiProperty({ example: '平成28年度' }) readonly fiscalYearLabel!: string;
  @ApiProperty({ type: Number, nullable: true, description: '予算額' }) readonly budgetAmount!: number | null;
  @ApiProperty({ description: '当初交付決定額' }) readonly initialDecidedAmount!: number;
  @ApiProperty({ description: '変更' }) readonly changeAmount!: number;
  @ApiProperty({ description: '交付決定額 after changes' }) readonly decidedAmount!: number;
  @ApiProperty({ type: Number, nullable: true, description: '執行残' }) readonly remainingAmount!:
    number | null;
  @ApiProperty({ description: '概算払' }) readonly advancePaidAmount!: number;
  @ApiProperty({ description: '精算払' }) readonly settlementPaidAmount!: number;
  @ApiProperty({ description: '支払額' }) readonly paidAmount!: number;
  @ApiProperty({ description: '額確定' }) readonly confirmedAmount!: number;
  @ApiProperty({ description: '返還' }) readonly refundedAmount!: number;
  @ApiProperty() readonly cases!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  readonly casesByStage!: Record<string, number>;
  @ApiProperty({ ...OBJECT, description: 'Each figure’s events, by type and count' })
  readonly sources!: Record<string, unknown>;
}

export class BudgetExecutionReportDto {
  @ApiProperty() readonly title!: string;
  @ApiProperty({ type: AsOfDto, nullable: true }) readonly asOf!: AsOfDto | null;
  @ApiProperty(OBJECT) readonly filter!: Record<string, unknown>;
  @ApiProperty(OBJECT) readonly source!: Record<string, unknown>;
  @ApiProperty({ type: [BudgetExecutionLineDto] }) readonly lines!: BudgetExecutionLineDto[];
}

export class BudgetExecutionCaseDto {
  @ApiProperty() readonly applicationId!: string;
  @ApiProperty() readonly programId!: string;
  @ApiProperty() readonly programName!: string;
  @ApiProperty() readonly menuId!: string;
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty() readonly programYear!: number;
  @ApiProperty() readonly stage!: string;
  @ApiProperty({ example: '交付決定' }) readonly stageLabel!: string;
  @ApiProperty() readonly municipalityName!: string;
  @ApiProperty({ type: Number, nullable: true }) readonly requestedAmount!: number | null;
  @ApiProperty() readonly decidedAmount!: number;
  @ApiProperty() readonly paidAmount!: number;
  @ApiProperty({ type: Number, nullable: true }) readonly confirmedAmount!: number | null;
  @ApiProperty() readonly refundedAmount!: number;
}

export class BudgetExecutionCasesReportDto {
  @ApiProperty() readonly title!: string;
  @ApiProperty({ type: AsOfDto, nullable: true }) readonly asOf!: AsOfDto | null;
  @ApiProperty(OBJECT) readonly filter!: Record<string, unknown>;
  @ApiProperty(OBJECT) readonly source!: Record<string, unknown>;
  @ApiProperty({ type: [BudgetExecutionCaseDto] }) readonly cases!: BudgetExecutionCaseDto[];
}

class DesignationStatusFiguresDto {
  @ApiProperty({ example: 41 }) readonly municipalitiesWithDesignations!: number;
  @ApiProperty({ example: 171 }) readonly designatedInstitutions!: number;
  @ApiProperty({ example: 21 }) readonly municipalitiesInAdjustment!: number;
  @ApiProperty({ type: [MunicipalityNameDto] })
  readonly municipalitiesInAdjustmentList!: MunicipalityNameDto[];
  @ApiProperty(OBJECT) readonly source!: Record<string, unknown>;
}

class DesignationStatusMunicipalityDto extends MunicipalityNameDto {
  @ApiProperty({ enum: ['指定済', '調整中'] }) readonly status!: '指定済' | '調整中';
  @ApiProperty() readonly designatedInstitutions!: number;
}

class DesignationStatusHubItemDto {
  @ApiProperty() readonly item!: number;
  @ApiProperty() readonly label!: string;
  @ApiProperty({ description: '実施済' }) readonly done!: number;
  @ApiProperty({ description: '今後実施' }) readonly planned!: number;
}

class DesignationStatusHubSurveyDto {
  @ApiProperty({ example: 50 }) readonly answered!: number;
  @ApiProperty({ example: 62 }) readonly surveyed!: number;
  @ApiProperty({ type: [DesignationStatusHubItemDto] }) readonly items!: DesignationStatusHubItemDto[];
  @ApiProperty(OBJECT) readonly source!: Record<string, unknown>;
}

class PublicationLinksDto {
  @ApiProperty() readonly json!: string;
  @ApiProperty() readonly csv!: string;
  @ApiProperty() readonly html!: string;
}

class PublicationDto {
  @ApiProperty() readonly version!: number;
  @ApiProperty({ example: '2017-03-31' }) readonly publishedOn!: string;
  @ApiProperty({ type: PublicationLinksDto }) readonly links!: PublicationLinksDto;
}

export class DesignationStatusReportDto {
  @ApiProperty() readonly title!: string;
  @ApiProperty() readonly fiscalYear!: number;
  @ApiProperty() readonly fiscalYearLabel!: string;
  @ApiProperty({ type: AsOfDto, nullable: true }) readonly asOf!: AsOfDto | null;
  @ApiProperty({ type: DesignationStatusFiguresDto }) readonly status!: DesignationStatusFiguresDto;
  @ApiProperty({ type: [DesignationStatusMunicipalityDto] })
  readonly municipalities!: DesignationStatusMunicipalityDto[];
  @ApiProperty({ type: DesignationStatusHubSurveyDto, nullable: true })
  readonly hubSurvey!: DesignationStatusHubSurveyDto | null;
  @ApiProperty({ type: [PublicationDto] }) readonly publications!: PublicationDto[];
}
