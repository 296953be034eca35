import type { Command } from '../shared/command.ts';
import type { DesignationCalendar } from './designation-calendar.ts';
import type { RecommendedInstitution, StakeholderConsultation } from './recommendation-round-events.ts';

export type RecommendationRoundCommand =
  | Command<
      'OpenRecommendationRound',
      {
        readonly fiscalYear: number;
        /** Defaults to defaultDesignationCalendar(fiscalYear) for any date not given. */
        readonly calendar?: Partial<DesignationCalendar>;
        /** Every municipality notified: the 62 of Tokyo. */
        readonly municipalityCodes: readonly string[];
      }
    >
  | Command<
      'RecommendInstitution',
      {
        readonly recommendationId: string;
        readonly municipalityCode: string;
        readonly institution: RecommendedInstitution;
        readonly consultation: StakeholderConsultation;
      }
    >
  | Command<'RemindMunicipalitiesWithoutRecommendation', Record<string, never>>
  | Command<'CloseRecommendationWindow', Record<string, never>>
  | Command<'AcknowledgeRecommendationWarning', { readonly recommendationId: string }>
  | Command<'WithdrawRecommendation', { readonly recommendationId: string }>
  | Command<'DesignateRecommendedInstitutions', Record<string, never>>
  | Command<'RevokeDesignation', { readonly institutionId: string }>
  | Command<'PublishDesignationList', { readonly coordinationHubs: readonly string[] }>
  | Command<'IssueFollowUpSurvey', { readonly surveyId: string; readonly dueDate: string }>
  | Command<
      'RecordFollowUpSurveyAnswer',
      {
        readonly surveyId: string;
        readonly institutionId: string;
        readonly answers: Readonly<Record<string, string>>;
      }
    >;

export type RecommendationRoundCommandType = RecommendationRoundCommand['type'];
