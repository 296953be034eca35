import { isDeepStrictEqual } from 'node:util';
import type { Role } from '../shared/actor.ts';
import { parseCalendarDate, formatCalendarDate } from '../shared/calendar-date.ts';
import { refuse, requireRole } from '../shared/command-guards.ts';
import type { Decider } from '../shared/decider.ts';
import { DomainError } from '../shared/domain-error.ts';
import { recordOf } from '../shared/event-record.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import {
  answeredQuestionIds,
  itemSetIssues,
  surveyQuestions,
  SURVEY_ANSWERS,
  type SurveyAnswer,
} from './collaboration-survey-items.ts';
import type {
  CollaborationSurveyCommand,
  CollaborationSurveyEvent,
  CollaborationSurveyRound,
  CollaborationSurveyState,
  SurveyAnswerSource,
} from './collaboration-survey-events.ts';

/** Who issues each command: the office opens a round; a municipality answers for itself, a caseworker enters paper forms. */
export const COLLABORATION_SURVEY_COMMAND_ROLES: Readonly<
  Record<CollaborationSurveyCommand['type'], readonly Role[]>
> = {
  OpenCollaborationSurveyRound: ['caseworker', 'admin', 'system'],
  AnswerCollaborationSurvey: ['municipality', 'caseworker'],
};

/** Who reads the report: the office and its auditors (municipalities see Tokyo's published table elsewhere). */
export const COLLABORATION_SURVEY_REPORT_ROLES: readonly Role[] = [
  'caseworker',
  'approver',
  'auditor',
  'admin',
];

const initialState: CollaborationSurveyState = { answers: new Map() };

function decide(
  command: CollaborationSurveyCommand,
  state: CollaborationSurveyState,
): CollaborationSurveyEvent[] {
  requireRole(command, COLLABORATION_SURVEY_COMMAND_ROLES[command.type]);
  if (command.type === 'OpenCollaborationSurveyRound') return openRound(command, state);
  const round = state.round;
  if (!round) {
    return refuse(
      'ROUND_NOT_OPEN',
      'fiscalYear',
      null,
      'no survey round is open for this fiscal year',
      'OpenCollaborationSurveyRound first',
    );
  }
  const { municipalityCode, answers } = command.data;
  if (command.actor.role === 'municipality' && command.actor.municipalityCode !== municipalityCode) {
    refuse(
      'OUT_OF_SCOPE',
      'municipalityCode',
      municipalityCode,
      'a municipality answers only for itself',
      'your own municipality code',
    );
  }
  if (!round.municipalityCodes.includes(municipalityCode)) {
    refuse(
      'MUNICIPALITY_NOT_SURVEYED',
      'municipalityCode',
      municipalityCode,
      'not one of the municipalities this round asks (島しょ are not surveyed)',
      `one of the ${round.municipalityCodes.length} municipalities of the round`,
    );
  }
  checkAnswers(answers, round);
  const source = sourceOf(command);
  const data = { fiscalYear: round.fiscalYear, municipalityCode, answers: { ...answers }, source };
  const before = state.answers.get(municipalityCode);
  if (!before)
    return [{ type: 'CollaborationSurveyAnswered', data: { ...data, recorded: recordOf(command) } }];
  const reason = command.reason?.trim();
  if (!reason) {
    if (isDeepStrictEqual({ ...before.answers }, { ...answers }) && isDeepStrictEqual(before.source, source))
      return []; // a retried request
    return refuse(
      'ANSWER_ALREADY_RECORDED',
      'reason',
      command.reason ?? null,
      `${municipalityCode} has already answered: a correction is a new answer with its reason`,
      'a non-empty reason for the correction',
    );
  }
  return [
    {
      type: 'CollaborationSurveyAnswerCorrected',
      data: { ...data, reason, recorded: recordOf(command, reason) },
    },
  ];
}

function openRound(
  command: Extract<CollaborationSurveyCommand, { type: 'OpenCollaborationSurveyRound' }>,
  state: CollaborationSurveyState,
): CollaborationSurveyEvent[] {
  const round = validRound(command.data);
  if (state.round) {
    if (isDeepStrictEqual(state.round, round)) return []; // the request again (stored JSON keeps no key order)
    return refuse(
      'ROUND_ALREADY_OPEN',
      'fiscalYear',
      round.fiscalYear,
      `the survey round of FY${round.fiscalYear} is already open with another basis or item set`,
      'a round is opened once per fiscal year',
    );
  }
  return [{ type: 'CollaborationSurveyRoundOpened', data: { ...round, recorded: recordOf(command) } }];
}

function validRound(data: CollaborationSurveyRound): CollaborationSurveyRound {
  const fy = fiscalYear(data.fiscalYear);
  const issues = itemSetIssues(data.itemSet).map((i) => ({ ...i, expected: 'a valid item set' }));
  const { referenceDate, note, countedAnswers } =
    data.basis ?? ({} as Partial<CollaborationSurveyRound['basis']>);
  try {
    parseCalendarDate(String(referenceDate), 'basis.referenceDate');
  } catch {
    issues.push({
      field: 'basis.referenceDate',
      value: referenceDate ?? null,
      reason: 'not a date',
      expected: 'YYYY-MM-DD',
    });
  }
  if (typeof note !== 'string' || note.trim() === '')
    issues.push({
      field: 'basis.note',
      value: note ?? null,
      reason: 'the basis note is required',
      expected: 'the note printed with the table',
    });
  if (
    !Array.isArray(countedAnswers) ||
    countedAnswers.length === 0 ||
    countedAnswers.some((a) => !SURVEY_ANSWERS.includes(a))
  ) {
    issues.push({
      field: 'basis.countedAnswers',
      value: countedAnswers ?? null,
      reason: 'the answers counted as 実施',
      expected: `some of ${SURVEY_ANSWERS.join(', ')}`,
    });
  }
  const codes = data.municipalityCodes;
  if (!Array.isArray(codes) || codes.length === 0 || new Set(codes).size !== codes.length)
    issues.push({
      field: 'municipalityCodes',
      value: codes ?? null,
      reason: 'empty or repeated',
      expected: 'distinct municipality codes',
    });
  if (issues.length > 0) {
    const [first] = issues;
    throw new DomainError('INVALID_SURVEY_ROUND', { ...first!, errors: issues });
  }
  return {
    fiscalYear: fy,
    basis: {
      referenceDate: formatCalendarDate(parseCalendarDate(referenceDate!)),
      note: note!.trim(),
      countedAnswers: SURVEY_ANSWERS.filter((a) => countedAnswers!.includes(a)),
    },
    itemSet: data.itemSet,
    municipalityCodes: [...codes],
  };
}

function checkAnswers(answers: Readonly<Record<string, unknown>>, round: CollaborationSurveyRound): void {
  if (!answers || typeof answers !== 'object') {
    refuse('INVALID_SURVEY_ANSWER', 'answers', answers ?? null, 'not an object', 'question id → answer');
  }
  const all = surveyQuestions(round.itemSet);
  for (const [id, value] of Object.entries(answers)) {
    const known = all.find(({ question }) => question.id === id)?.question;
    if (!known) {
      refuse(
        'UNKNOWN_SURVEY_ITEM',
        `answers.${id}`,
        id,
        `not an item of the FY${round.fiscalYear} survey (${round.itemSet.version})`,
        `one of ${answeredQuestionIds(round.itemSet).join(', ')}`,
      );
    }
    if (known.kind !== 'answered') {
      refuse(
        'UNKNOWN_SURVEY_ITEM',
        `answers.${id}`,
        id,
        known.kind === 'anyOf'
          ? 'computed from the lines below it, never entered'
          : 'a heading with no answer of its own',
        'the lines below it',
      );
    }
    if (!SURVEY_ANSWERS.includes(value as SurveyAnswer)) {
      refuse(
        'INVALID_SURVEY_ANSWER',
        `answers.${id}`,
        value ?? null,
        'not an answer the survey offers',
        `one of ${SURVEY_ANSWERS.join(', ')}`,
      );
    }
  }
  const missing = answeredQuestionIds(round.itemSet).filter((id) => answers[id] === undefined);
  if (missing.length > 0) {
    refuse(
      'INVALID_SURVEY_ANSWER',
      `answers.${missing[0]}`,
      null,
      'every item and sub-item needs an answer',
      `an answer for ${missing.join(', ')}`,
    );
  }
}

function sourceOf(
  command: Extract<CollaborationSurveyCommand, { type: 'AnswerCollaborationSurvey' }>,
): SurveyAnswerSource {
  const given = command.data.source;
  if (command.actor.role === 'municipality') {
    if (given)
      refuse(
        'INVALID_COMMAND_DATA',
        'source',
        given,
        'a municipality enters its own answer: there is no paper source',
        'no source',
      );
    return { kind: 'municipality' };
  }
  if (!given || typeof given.reference !== 'string' || given.reference.trim() === '') {
    return refuse(
      'INVALID_COMMAND_DATA',
      'source.reference',
      given?.reference ?? null,
      'a caseworker enters a paper answer: say which document',
      'the document reference (文書番号 etc.)',
    );
  }
  const receivedOn = formatCalendarDate(parseCalendarDate(String(given.receivedOn), 'source.receivedOn'));
  return { kind: 'paper', reference: given.reference.trim(), receivedOn };
}

function evolve(state: CollaborationSurveyState, event: CollaborationSurveyEvent): CollaborationSurveyState {
  if (event.type === 'CollaborationSurveyRoundOpened') {
    const { recorded: _recorded, ...round } = event.data;
    return { ...state, round };
  }
  const answers = new Map(state.answers);
  const before = answers.get(event.data.municipalityCode);
  answers.set(event.data.municipalityCode, {
    answers: event.data.answers,
    source: event.data.source,
    recorded: event.data.recorded,
    corrections: (before?.corrections ?? 0) + (event.type === 'CollaborationSurveyAnswerCorrected' ? 1 : 0),
  });
  return { ...state, answers };
}

export const collaborationSurveyDecider: Decider<
  CollaborationSurveyCommand,
  CollaborationSurveyState,
  CollaborationSurveyEvent
> = { initialState, decide, evolve };
