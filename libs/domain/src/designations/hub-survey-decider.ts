import { formatCalendarDate, tokyoDateOf } from '../shared/calendar-date.ts';
import type { Command } from '../shared/command.ts';
import type { Decider, DomainEvent } from '../shared/decider.ts';
import { DomainError } from '../shared/domain-error.ts';
import { HUB_SURVEY_ANSWERS, HUB_SURVEY_ITEMS, type HubSurveyAnswer } from './coordination-hub-survey.ts';

/** item number (1–5) → answer */
export type HubSurveyAnswers = Readonly<Record<string, HubSurveyAnswer>>;

export type HubSurveyEvent =
  | DomainEvent<
      'HubSurveyIssued',
      { readonly fiscalYear: number; readonly municipalityCodes: readonly string[]; readonly dueDate: string }
    >
  | DomainEvent<
      'HubSurveyAnswered',
      { readonly municipalityCode: string; readonly answers: HubSurveyAnswers; readonly answeredOn: string }
    >;

export type HubSurveyCommand =
  | Command<
      'IssueHubSurvey',
      { readonly fiscalYear: number; readonly municipalityCodes: readonly string[]; readonly dueDate: string }
    >
  | Command<'AnswerHubSurvey', { readonly municipalityCode: string; readonly answers: HubSurveyAnswers }>;

export interface HubSurveyState {
  readonly issued: boolean;
  readonly municipalityCodes: readonly string[];
  /** The latest answer of each municipality: a corrected answer replaces the first. */
  readonly answers: ReadonlyMap<string, HubSurveyAnswers>;
}

const initialState: HubSurveyState = { issued: false, municipalityCodes: [], answers: new Map() };

function decide(command: HubSurveyCommand, state: HubSurveyState): HubSurveyEvent[] {
  if (command.type === 'IssueHubSurvey') {
    if (state.issued) return []; // the yearly job may run twice
    return [
      {
        type: 'HubSurveyIssued',
        data: { ...command.data, municipalityCodes: [...command.data.municipalityCodes] },
      },
    ];
  }
  const { municipalityCode, answers } = command.data;
  const fail = (
    field: string,
    value: unknown,
    reason: string,
    expected: string,
    code:
      | 'HUB_SURVEY_NOT_ISSUED'
      | 'UNKNOWN_MUNICIPALITY'
      | 'OUT_OF_SCOPE'
      | 'INVALID_SURVEY_ANSWER' = 'INVALID_SURVEY_ANSWER',
  ): never => {
    throw new DomainError(code, { field, value, reason, expected });
  };
  if (!state.issued)
    fail(
      'municipalityCode',
      municipalityCode,
      'the hub survey has not been issued',
      'IssueHubSurvey first',
      'HUB_SURVEY_NOT_ISSUED',
    );
  if (!state.municipalityCodes.includes(municipalityCode)) {
    fail(
      'municipalityCode',
      municipalityCode,
      'not asked in this survey',
      'one of the municipalities surveyed',
      'UNKNOWN_MUNICIPALITY',
    );
  }
  if (command.actor.role === 'municipality' && command.actor.municipalityCode !== municipalityCode) {
    fail(
      'municipalityCode',
      municipalityCode,
      'a municipality answers only for itself',
      'your own municipality code',
      'OUT_OF_SCOPE',
    );
  }
  for (const { item } of HUB_SURVEY_ITEMS) {
    const answer = answers[String(item)];
    if (!HUB_SURVEY_ANSWERS.includes(answer as HubSurveyAnswer)) {
      fail(
        `answers.${item}`,
        answer ?? null,
        'every required item needs an answer',
        `one of ${HUB_SURVEY_ANSWERS.join(', ')}`,
      );
    }
  }
  const extra = Object.keys(answers).filter((k) => !HUB_SURVEY_ITEMS.some((i) => String(i.item) === k));
  if (extra.length > 0)
    fail(`answers.${extra[0]}`, answers[extra[0]!], 'not an item of the survey', 'items 1–5');
  return [
    {
      type: 'HubSurveyAnswered',
      data: { municipalityCode, answers, answeredOn: formatCalendarDate(tokyoDateOf(command.at)) },
    },
  ];
}

function evolve(state: HubSurveyState, event: HubSurveyEvent): HubSurveyState {
  if (event.type === 'HubSurveyIssued')
    return { ...state, issued: true, municipalityCodes: event.data.municipalityCodes };
  const answers = new Map(state.answers);
  answers.set(event.data.municipalityCode, event.data.answers);
  return { ...state, answers };
}

export const hubSurveyDecider: Decider<HubSurveyCommand, HubSurveyState, HubSurveyEvent> = {
  initialState,
  decide,
  evolve,
};

export function hubSurveyStreamId(fy: number): string {
  return `hubSurvey-${fy}`;
}

export interface HubSurveyTally {
  readonly answered: number;
  readonly surveyed: number;
  readonly items: readonly { readonly item: number; readonly done: number; readonly planned: number }[];
}

/** The seed's form: 回答状況 answered / surveyed, then per item 実施済 and 今後実施. */
export function tallyHubSurvey(state: HubSurveyState): HubSurveyTally {
  const all = [...state.answers.values()];
  return {
    answered: all.length,
    surveyed: state.municipalityCodes.length,
    items: HUB_SURVEY_ITEMS.map(({ item }) => ({
      item,
      done: all.filter((a) => a[String(item)] === 'done').length,
      planned: all.filter((a) => a[String(item)] === 'planned').length,
    })),
  };
}
