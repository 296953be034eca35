import type { DomainEvent } from '../shared/decider.ts';

/** ISO calendar dates (YYYY-MM-DD, Tokyo) so that events stay plain JSON. */
export interface DesignationCalendarData {
  readonly noticeDate: string;
  readonly recommendationDeadline: string;
  readonly designationCutoff: string;
  readonly publicationDueDate: string;
}

export interface RecommendedInstitution {
  readonly institutionId: string;
  /** An institution's name is public (it is published); persons never appear here. */
  readonly name: string;
  /** 在宅療養支援診療所・病院: the seed asks for these "in principle". */
  readonly homeCareSupport: boolean;
}

/** The record of the municipality's consultation with local stakeholders (地区医師会 etc.). */
export interface StakeholderConsultation {
  readonly parties: readonly string[];
  readonly heldOn: string;
  readonly summary: string;
}

export type RecommendationWarning = 'NOT_HOME_CARE_SUPPORT_INSTITUTION';

export interface PublishedDesignation {
  readonly institutionId: string;
  readonly name: string;
  readonly municipalityCode: string;
  readonly designatedOn: string;
}

/** Version 1 of every event of the recommendation round stream (`designationRound-<fiscal year>`). */
export type RecommendationRoundEvent =
  | DomainEvent<
      'RecommendationRoundOpened',
      {
        readonly fiscalYear: number;
        readonly calendar: DesignationCalendarData;
        readonly municipalityCodes: readonly string[];
        readonly openedOn: string;
      }
    >
  | DomainEvent<
      'InstitutionRecommended',
      {
        readonly recommendationId: string;
        readonly municipalityCode: string;
        readonly institution: RecommendedInstitution;
        readonly consultation: StakeholderConsultation;
        readonly recommendedOn: string;
        /** After the recommendation deadline: designated as it arrives (順次指定), not at the cut-off. */
        readonly late: boolean;
        readonly warnings: readonly RecommendationWarning[];
      }
    >
  | DomainEvent<
      'RecommendationWarningAcknowledged',
      { readonly recommendationId: string; readonly acknowledgedBy: string }
    >
  | DomainEvent<
      'MunicipalitiesReminded',
      { readonly municipalityCodes: readonly string[]; readonly remindedOn: string }
    >
  | DomainEvent<'RecommendationWindowClosed', { readonly closedOn: string; readonly recommendations: number }>
  | DomainEvent<'RecommendationWithdrawn', { readonly recommendationId: string; readonly reason: string }>
  | DomainEvent<
      'InstitutionDesignated',
      {
        readonly recommendationId: string;
        readonly institutionId: string;
        readonly name: string;
        readonly municipalityCode: string;
        readonly designatedOn: string;
        /** At the cut-off, or one by one afterwards (順次指定). */
        readonly batch: 'cutoff' | 'rolling';
      }
    >
  | DomainEvent<
      'DesignationRevoked',
      { readonly institutionId: string; readonly reason: string; readonly revokedOn: string }
    >
  | DomainEvent<
      'DesignationListPublished',
      {
        readonly version: number;
        readonly publishedOn: string;
        readonly institutions: readonly PublishedDesignation[];
        /** Municipality codes positioned as coordination hubs (在宅療養に必要な連携を担う拠点). */
        readonly coordinationHubs: readonly string[];
      }
    >
  | DomainEvent<
      'FollowUpSurveyIssued',
      { readonly surveyId: string; readonly institutionIds: readonly string[]; readonly dueDate: string }
    >
  | DomainEvent<
      'FollowUpSurveyAnswered',
      {
        readonly surveyId: string;
        readonly institutionId: string;
        readonly answers: Readonly<Record<string, string>>;
      }
    >;

export type RecommendationRoundEventType = RecommendationRoundEvent['type'];
