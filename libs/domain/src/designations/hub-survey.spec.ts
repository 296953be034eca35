import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.ts';
import type { Actor } from '../shared/actor.ts';
import type { HubSurveyAnswer } from './coordination-hub-survey.ts';
import {
  hubSurveyDecider,
  tallyHubSurvey,
  type HubSurveyCommand,
  type HubSurveyEvent,
} from './hub-survey-decider.ts';

const at = new Date('2025-02-01T10:00:00+09:00');
const system: Actor = { id: 'system', role: 'system' };
const codes = Array.from({ length: 62 }, (_, i) => `13${String(i).padStart(4, '0')}`);
const issue: HubSurveyCommand = {
  type: 'IssueHubSurvey',
  data: { fiscalYear: 2024, municipalityCodes: codes, dueDate: '2025-02-28' },
  actor: system,
  at,
};
const answer = (
  code: string,
  answers: Record<string, HubSurveyAnswer>,
  actor: Actor = { id: `m-${code}`, role: 'municipality', municipalityCode: code },
): HubSurveyCommand => ({ type: 'AnswerHubSurvey', data: { municipalityCode: code, answers }, actor, at });

const run = (commands: HubSurveyCommand[]): HubSurveyEvent[] =>
  commands.reduce<HubSurveyEvent[]>(
    (history, cmd) => [...history, ...hubSurveyDecider.decide(cmd, foldEvents(hubSurveyDecider, history))],
    [],
  );

describe('coordination hub survey (拠点の取組状況調査)', () => {
  it('reproduces the seed tally: 50 of 62 answered; done/planned 35/8, 32/10, 32/7, 37/7, 43/1', () => {
    const target = [
      [35, 8],
      [32, 10],
      [32, 7],
      [37, 7],
      [43, 1],
    ] as const;
    const answers = codes.slice(0, 50).map((code, m) => {
      const a: Record<string, HubSurveyAnswer> = {};
      target.forEach(
        ([done, planned], i) =>
          (a[String(i + 1)] = m < done ? 'done' : m < done + planned ? 'planned' : 'noAnswer'),
      );
      return answer(code, a);
    });
    const state = foldEvents(hubSurveyDecider, run([issue, issue, ...answers]));
    expect(tallyHubSurvey(state)).toEqual({
      answered: 50,
      surveyed: 62,
      items: target.map(([done, planned], i) => ({ item: i + 1, done, planned })),
    });
  });

  it('a corrected answer replaces the first', () => {
    const all = (v: HubSurveyAnswer) => ({ 1: v, 2: v, 3: v, 4: v, 5: v });
    const state = foldEvents(
      hubSurveyDecider,
      run([issue, answer(codes[0]!, all('planned')), answer(codes[0]!, all('done'))]),
    );
    expect(tallyHubSurvey(state)).toMatchObject({
      answered: 1,
      items: [
        { item: 1, done: 1, planned: 0 },
        expect.anything(),
        expect.anything(),
        expect.anything(),
        expect.anything(),
      ],
    });
  });

  it('refuses a missing or unknown item, another municipality, or an answer before the survey', () => {
    expect(() => run([issue, answer(codes[0]!, { 1: 'done', 2: 'done', 3: 'done', 4: 'done' })])).toThrow(
      expect.objectContaining({
        code: 'INVALID_SURVEY_ANSWER',
        details: expect.objectContaining({ field: 'answers.5' }),
      }),
    );
    expect(() =>
      run([issue, answer(codes[0]!, { 1: 'done', 2: 'done', 3: 'done', 4: 'done', 5: 'done', 6: 'done' })]),
    ).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'answers.6' }) }));
    expect(() =>
      run([
        issue,
        answer(
          codes[0]!,
          { 1: 'done', 2: 'done', 3: 'done', 4: 'done', 5: 'done' },
          { id: 'x', role: 'municipality', municipalityCode: codes[1] },
        ),
      ]),
    ).toThrow(expect.objectContaining({ code: 'OUT_OF_SCOPE' }));
    expect(() => run([answer(codes[0]!, { 1: 'done', 2: 'done', 3: 'done', 4: 'done', 5: 'done' })])).toThrow(
      expect.objectContaining({ code: 'HUB_SURVEY_NOT_ISSUED' }),
    );
  });
});
