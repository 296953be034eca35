import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of the designation answers (the controller returns plain objects of these shapes). */
export class DesignationCommandResponseDto {
  @ApiProperty({ type: [String], example: ['InstitutionRecommended'], description: 'The events recorded' })
  readonly events!: string[];
  @ApiProperty({ example: '1234', description: 'Global position of the last event (a decimal string)' })
  readonly position!: string;
}

class RoundCalendarDto {
  @ApiProperty({ example: '2024-11-01', description: '通知' }) readonly noticeDate!: string;
  @ApiProperty({ example: '2025-02-28', description: '推薦〆切 (2月末)' })
  readonly recommendationDeadline!: string;
  @ApiProperty({ example: '2025-03-14', description: '指定の締め' }) readonly designationCutoff!: string;
  @ApiProperty({ example: '2025-03-31', description: '公表期限' }) readonly publicationDueDate!: string;
}

class RecommendedInstitutionDto {
  @ApiProperty({ example: 'inst-1320120001' }) readonly institutionId!: string;
  @ApiProperty({ example: '医療法人社団あおば 八王子在宅クリニック' }) readonly name!: string;
  @ApiProperty({ description: '在宅療養支援診療所・病院' }) readonly homeCareSupport!: boolean;
}

class RoundRecommendationDto {
  @ApiProperty({ example: 'rec-132012-001' }) readonly recommendationId!: string;
  @ApiProperty({ example: '132012' }) readonly municipalityCode!: string;
  @ApiProperty({ type: RecommendedInstitutionDto }) readonly institution!: RecommendedInstitutionDto;
  @ApiProperty({ example: '2025-02-10', description: 'The Tokyo day it arrived' })
  readonly recommendedOn!: string;
  @ApiProperty({ description: 'Arrived after the recommendation deadline (designated as it arrives)' })
  readonly late!: boolean;
  @ApiProperty({ type: [String], enum: ['NOT_HOME_CARE_SUPPORT_INSTITUTION'] })
  readonly warnings!: 'NOT_HOME_CARE_SUPPORT_INSTITUTION'[];
  @ApiProperty() readonly warningsAcknowledged!: boolean;
  @ApiProperty({ enum: ['pending', 'withdrawn', 'designated', 'revoked'] })
  readonly status!: 'pending' | 'withdrawn' | 'designated' | 'revoked';
  @ApiPropertyOptional({ example: '2025-03-14' }) readonly designatedOn?: string;
}

class PublicationVersionDto {
  @ApiProperty({ example: 1 }) readonly version!: number;
  @ApiProperty({ example: '2025-03-28' }) readonly publishedOn!: string;
}

class DesignationStatusDto {
  @ApiProperty({ example: 41, description: 'Municipalities with at least one designated institution' })
  readonly municipalitiesWithDesignations!: number;
  @ApiProperty({ example: 171 }) readonly designatedInstitutions!: number;
  @ApiProperty({ example: 21, description: '調整中: notified municipalities without a designation yet' })
  readonly municipalitiesInAdjustment!: number;
  @ApiProperty({ type: [String] }) readonly municipalityCodesInAdjustment!: string[];
}

class FollowUpSurveyStatusDto {
  @ApiProperty({ example: 'followUp-2024' }) readonly surveyId!: string;
  @ApiProperty({ description: 'Designated institutions surveyed' }) readonly surveyed!: number;
  @ApiProperty({ description: 'Of them, answered' }) readonly answered!: number;
}

export class MunicipalityNameDto {
  @ApiProperty({ example: '132012' }) readonly municipalityCode!: string;
  @ApiProperty({ example: '八王子市' }) readonly name!: string;
}

export class DesignationRoundDto {
  @ApiProperty({ example: 2024 }) readonly fiscalYear!: number;
  @ApiProperty({ type: RoundCalendarDto }) readonly calendar!: RoundCalendarDto;
  @ApiProperty({ description: 'The recommendation window was closed after its deadline' })
  readonly windowClosed!: boolean;
  @ApiProperty({ type: [RoundRecommendationDto], description: 'A municipality sees its own only' })
  readonly recommendations!: RoundRecommendationDto[];
  @ApiProperty({ type: [PublicationVersionDto] }) readonly publications!: PublicationVersionDto[];
  @ApiProperty({ type: DesignationStatusDto, description: '指定状況' })
  readonly status!: DesignationStatusDto;
  @ApiProperty({ type: [FollowUpSurveyStatusDto], description: '取組状況調査' })
  readonly followUpSurveys!: FollowUpSurveyStatusDto[];
  @ApiProperty({ type: [MunicipalityNameDto], description: 'The notified municipalities with their names' })
  readonly municipalities!: MunicipalityNameDto[];
}

class LocalizedLabelDto {
  @ApiProperty() readonly ja!: string;
  @ApiProperty() readonly en!: string;
}

class HubSurveyItemTallyDto {
  @ApiProperty({ example: 1, description: '求められる事項 ①–⑤' }) readonly item!: number;
  @ApiProperty({ type: LocalizedLabelDto }) readonly label!: LocalizedLabelDto;
  @ApiProperty({ example: 35, description: '実施済' }) readonly done!: number;
  @ApiProperty({ example: 8, description: '今後実施' }) readonly planned!: number;
}

export class HubSurveyTallyDto {
  @ApiProperty({ example: 50 }) readonly answered!: number;
  @ApiProperty({ example: 62 }) readonly surveyed!: number;
  @ApiProperty({ type: [HubSurveyItemTallyDto] }) readonly items!: HubSurveyItemTallyDto[];
}
