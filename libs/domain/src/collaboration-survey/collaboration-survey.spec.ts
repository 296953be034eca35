import { describe, expect, it } from '@jest/globals';
import { deciderSpec, asSeed001Table, SEED_001_TABLE, seed001Answers, seed001Rounds } from '#domain-testing';
import type { Actor } from '../shared/actor.ts';
import { foldEvents } from '../shared/decider.ts';
import { collaborationSurveyDecider } from './collaboration-survey-decider.ts';
import type {
  CollaborationSurveyCommand,
  CollaborationSurveyEvent,
  CollaborationSurveyRound,
  CollaborationSurveyState,
} from './collaboration-survey-events.ts';
import { answeredQuestionIds, COLLABORATION_SURVEY_ITEMS_H28 } from './collaboration-survey-items.ts';
import { collaborationSurveyReport, roundedTenths, tenthsText } from './collaboration-survey-report.ts';

const at = new Date('2017-04-20T10:00:00+09:00');
const recorded = (actor: Actor, reason?: string) => ({
  actorId: actor.id,
  actorRole: actor.role,
  at: at.toISOString(),
  ...(reason ? { reason } : {}),
});
const codes = Array.from({ length: 53 }, (_, i) => `13${String(1000 + i)}`);
const { h27, h28 } = seed001Rounds(codes);
const caseworker: Actor = { id: 'cw-1', role: 'caseworker' };
const muni = (code: string): Actor => ({ id: `m-${code}`, role: 'municipality', municipalityCode: code });
const given = deciderSpec(collaborationSurveyDecider);
const opened = (round: CollaborationSurveyRound): CollaborationSurveyEvent => ({
  type: 'CollaborationSurveyRoundOpened',
  data: { ...round, recorded: recorded(caseworker) },
});
const open = (round: CollaborationSurveyRound): CollaborationSurveyCommand => ({
  type: 'OpenCollaborationSurveyRound',
  data: round,
  actor: caseworker,
  at,
});
const allImplemented = Object.fromEntries(
  answeredQuestionIds(COLLABORATION_SURVEY_ITEMS_H28).map((id) => [id, 'implemented' as const]),
);
const answer = (
  code: string,
  answers: Record<string, string>,
  actor: Actor = muni(code),
  extra: Partial<CollaborationSurveyCommand> & { source?: { reference: string; receivedOn: string } } = {},
): CollaborationSurveyCommand =>
  ({
    type: 'AnswerCollaborationSurvey',
    data: { municipalityCode: code, answers, ...(extra.source ? { source: extra.source } : {}) },
    actor,
    at,
    ...(extra.reason ? { reason: extra.reason } : {}),
  }) as CollaborationSurveyCommand;

function roundState(round: CollaborationSurveyRound, year: 'h27' | 'h28'): CollaborationSurveyState {
  const events: CollaborationSurveyEvent[] = [opened(round)];
  for (const [code, answers] of seed001Answers(year, codes)) {
    events.push(...given(events).when(answer(code, answers)).events());
  }
  return foldEvents(collaborationSurveyDecider, events);
}

describe('在宅医療・介護連携推進事業 survey', () => {
  it('given no round when the office opens one then it records the basis, the items and the municipalities', () => {
    given([])
      .when(open(h28))
      .then([opened(h28)]);
  });

  it('given an open round when the same round is opened again then nothing is recorded; another basis is refused', () => {
    given([opened(h28)])
      .when(open(h28))
      .then([]);
    // the round as read back from the store, whose JSON keeps no key order
    const { note, countedAnswers, referenceDate } = h28.basis;
    given([opened({ ...h28, basis: { countedAnswers, referenceDate, note } })])
      .when(open(h28))
      .then([]);
    given([opened(h28)])
      .when(open({ ...h28, basis: { ...h28.basis, countedAnswers: ['implemented'] } }))
      .thenThrows('ROUND_ALREADY_OPEN');
  });

  it('refuses a round whose items or basis are not sound, naming every field', () => {
    const error = given([])
      .when(
        open({
          ...h28,
          basis: { referenceDate: '2017-02-30', note: '', countedAnswers: [] },
          itemSet: {
            ...h28.itemSet,
            items: [{ item: 'ア', title: 't', questions: [{ id: 'X', label: '', kind: 'anyOf' }] }],
          },
        }),
      )
      .thenThrows('INVALID_SURVEY_ROUND');
    expect(error.details.errors?.map((e) => e.field)).toEqual([
      'itemSet.items[0].questions[0].id',
      'itemSet.items[0].questions[0].label',
      'itemSet.items[0].questions[0].children',
      'basis.referenceDate',
      'basis.note',
      'basis.countedAnswers',
    ]);
  });

  it('given a round when a municipality answers for itself then its answer is recorded as its own', () => {
    given([opened(h28)])
      .when(answer(codes[0]!, allImplemented))
      .then([
        {
          type: 'CollaborationSurveyAnswered',
          data: {
            fiscalYear: 2016,
            municipalityCode: codes[0]!,
            answers: allImplemented,
            source: { kind: 'municipality' },
            recorded: recorded(muni(codes[0]!)),
          },
        },
      ]);
  });

  it('a caseworker enters a paper answer with its source; without one it is refused', () => {
    const source = { reference: '28福保医政第123号', receivedOn: '2017-04-10' };
    const [event] = given([opened(h28)])
      .when(answer(codes[1]!, allImplemented, caseworker, { source }))
      .events();
    expect(event?.data).toMatchObject({
      source: { kind: 'paper', ...source },
      recorded: { actorId: 'cw-1' },
    });
    given([opened(h28)])
      .when(answer(codes[1]!, allImplemented, caseworker))
      .thenThrows('INVALID_COMMAND_DATA');
  });

  it('refuses another municipality, one outside the round, an unknown or computed item, and a missing answer', () => {
    given([opened(h28)])
      .when(answer(codes[1]!, allImplemented, muni(codes[0]!)))
      .thenThrows('OUT_OF_SCOPE');
    const island = given([opened(h28)])
      .when(
        answer('133604', allImplemented, caseworker, {
          source: { reference: 'r', receivedOn: '2017-04-10' },
        }),
      )
      .thenThrows('MUNICIPALITY_NOT_SURVEYED');
    expect(island.details).toMatchObject({ field: 'municipalityCode', value: '133604' });
    const unknown = given([opened(h28)])
      .when(answer(codes[0]!, { ...allImplemented, 'ke-9': 'implemented' }))
      .thenThrows('UNKNOWN_SURVEY_ITEM');
    expect(unknown.details).toMatchObject({ field: 'answers.ke-9', value: 'ke-9' });
    given([opened(h28)])
      .when(answer(codes[0]!, { ...allImplemented, ka: 'implemented' }))
      .thenThrows('UNKNOWN_SURVEY_ITEM');
    given([opened(h27)])
      .when(answer(codes[0]!, allImplemented))
      .thenThrows('UNKNOWN_SURVEY_ITEM'); // ka-3 not asked in 27年度
    const { 'ku-1': _left, ...missing } = allImplemented;
    given([opened(h28)])
      .when(answer(codes[0]!, missing))
      .thenThrows('INVALID_SURVEY_ANSWER');
    given([opened(h28)])
      .when(answer(codes[0]!, { ...allImplemented, 'a-1': 'maybe' }))
      .thenThrows('INVALID_SURVEY_ANSWER');
    given([]).when(answer(codes[0]!, allImplemented)).thenThrows('ROUND_NOT_OPEN');
  });

  it('a second answer is a correction with its reason, never an edit; without a reason it is refused (a retry records nothing)', () => {
    const history = given([opened(h28)])
      .when(answer(codes[0]!, allImplemented))
      .events();
    const first = [opened(h28), ...history];
    given(first).when(answer(codes[0]!, allImplemented)).then([]);
    const changed = { ...allImplemented, 'ku-1': 'notImplemented' };
    given(first).when(answer(codes[0]!, changed)).thenThrows('ANSWER_ALREADY_RECORDED');
    const corrected = given(first)
      .when(answer(codes[0]!, changed, muni(codes[0]!), { reason: '記入誤り' }))
      .events();
    expect(corrected).toEqual([
      expect.objectContaining({
        type: 'CollaborationSurveyAnswerCorrected',
        data: expect.objectContaining({ reason: '記入誤り' }),
      }),
    ]);
    const state = foldEvents(collaborationSurveyDecider, [...first, ...corrected]);
    expect(state.answers.get(codes[0]!)).toMatchObject({ corrections: 1, answers: changed });
  });

  it('reproduces seed 001: 28年度 against 27年度, row by row, with △ and the blank', () => {
    const report = collaborationSurveyReport(roundState(h28, 'h28'), roundState(h27, 'h27'));
    expect(report).toMatchObject({
      fiscalYear: 2016,
      previousFiscalYear: 2015,
      n: 53,
      previousN: 53,
      answered: 53,
    });
    expect(asSeed001Table(report)).toEqual(SEED_001_TABLE);
    expect(report.rows.find((r) => r.questionId === 'e-1')?.changePoints).toBe(5.7); // not 66.0 − 60.4 = 5.6
    expect(report.rows.find((r) => r.questionId === 'ka-3')).toMatchObject({
      previous: null,
      changePoints: null,
    });
  });

  it('a year with no previous round leaves the change blank', () => {
    const report = collaborationSurveyReport(roundState(h28, 'h28'), undefined);
    expect(report.previousN).toBeNull();
    expect(report.rows.every((r) => r.previous === null && r.changeText === '')).toBe(true);
  });

  it('rounds half away from zero once, at the end', () => {
    expect(roundedTenths(3, 53)).toBe(57);
    expect(roundedTenths(-3, 53)).toBe(-57);
    expect(roundedTenths(1, 8)).toBe(125);
    expect(roundedTenths(1, 16)).toBe(63); // 6.25 → 6.3
    expect(tenthsText(-57)).toBe('△5.7');
    expect(tenthsText(0)).toBe('0.0');
    expect(tenthsText(1000)).toBe('100.0');
  });
});
