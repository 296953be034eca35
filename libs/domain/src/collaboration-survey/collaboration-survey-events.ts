import type { Command } from '../shared/command.ts';
import type { DomainEvent } from '../shared/decider.ts';
import type { EventRecord } from '../shared/event-record.ts';
import type { SurveyAnswer, SurveyItemSet } from './collaboration-survey-items.ts';

/** One survey round per fiscal year: stream `collaborationSurvey-<FY>`. */
export const COLLABORATION_SURVEY_STREAM_CATEGORY = 'collaborationSurvey';

export function collaborationSurveyStreamId(fiscalYear: number): string {
  return `${COLLABORATION_SURVEY_STREAM_CATEGORY}-${fiscalYear}`;
}

/** question id → answer */
export type SurveyAnswers = Readonly<Record<string, SurveyAnswer>>;

/**
 * Where an answer came from: the municipality entered it itself, or a caseworker entered the paper
 * form it sent (its reference, e.g. the 文書番号, and the date it was received).
 */
export type SurveyAnswerSource =
  | { readonly kind: 'municipality' }
  | { readonly kind: 'paper'; readonly reference: string; readonly receivedOn: string };

/** What a round counts and as of when: 27年度 at 年度末; 28年度 re-surveyed as 「28年度末時点」. */
export interface SurveyRoundBasis {
  /** The date the figures stand at (YYYY-MM-DD). */
  readonly referenceDate: string;
  /** The note printed with the table, e.g. 「28年10月31日時点（今年度実施予定、検討中を含む）から「28年度末時点」として再調査」. */
  readonly note: string;
  /** The answers counted as 実施 (28年度: implemented, planned, considering). */
  readonly countedAnswers: readonly SurveyAnswer[];
}

export interface CollaborationSurveyRound {
  readonly fiscalYear: number;
  readonly basis: SurveyRoundBasis;
  readonly itemSet: SurveyItemSet;
  /** The municipalities asked: the 53 outside the islands, from the reference data (n). */
  readonly municipalityCodes: readonly string[];
}

/** Version 1 of the survey's events. */
export type CollaborationSurveyEvent =
  | DomainEvent<
      'CollaborationSurveyRoundOpened',
      CollaborationSurveyRound & { readonly recorded: EventRecord }
    >
  | DomainEvent<
      'CollaborationSurveyAnswered',
      {
        readonly fiscalYear: number;
        readonly municipalityCode: string;
        readonly answers: SurveyAnswers;
        readonly source: SurveyAnswerSource;
        readonly recorded: EventRecord;
      }
    >
  | DomainEvent<
      'CollaborationSurveyAnswerCorrected',
      {
        readonly fiscalYear: number;
        readonly municipalityCode: string;
        readonly answers: SurveyAnswers;
        readonly source: SurveyAnswerSource;
        /** Why the answer changed: required. */
        readonly reason: string;
        readonly recorded: EventRecord;
      }
    >;

export type CollaborationSurveyEventType = CollaborationSurveyEvent['type'];

export const COLLABORATION_SURVEY_EVENT_SCHEMA_VERSIONS: Readonly<
  Record<CollaborationSurveyEventType, number>
> = {
  CollaborationSurveyRoundOpened: 1,
  CollaborationSurveyAnswered: 1,
  CollaborationSurveyAnswerCorrected: 1,
};

export type CollaborationSurveyCommand =
  | Command<'OpenCollaborationSurveyRound', CollaborationSurveyRound>
  | Command<
      'AnswerCollaborationSurvey',
      {
        readonly municipalityCode: string;
        readonly answers: SurveyAnswers;
        /** Required when a caseworker enters a paper answer; a municipality's own entry has none. */
        readonly source?: { readonly reference: string; readonly receivedOn: string };
      }
    >;

export interface MunicipalitySurveyAnswer {
  readonly answers: SurveyAnswers;
  readonly source: SurveyAnswerSource;
  readonly recorded: EventRecord;
  /** How many corrections replaced the first answer. */
  readonly corrections: number;
}

export interface CollaborationSurveyState {
  readonly round?: CollaborationSurveyRound;
  /** The latest answer of each municipality: a correction replaces the one before (both stay in the log). */
  readonly answers: ReadonlyMap<string, MunicipalitySurveyAnswer>;
}
