import { describe, expect, it } from '@jest/globals';
import { COMMAND_SCHEMAS } from '../../api/command-schemas.ts';
import { bodyOf, leavesOf, problemsOf } from './schema-form.ts';

const review = COMMAND_SCHEMAS.StartReview!.schema;
const draft = COMMAND_SCHEMAS.DraftApplication!.schema;
const correction = COMMAND_SCHEMAS.RequestCorrection!.schema;

describe('a command form from its body schema', () => {
  it('lists every field by its dotted path, as the api’s 400 names it', () => {
    const paths = leavesOf(review).map((leaf) => leaf.path);
    expect(paths).toContain('facts.applicant.kind');
    expect(paths).toContain('facts.ictNetwork.municipalityCooperation');
    expect(leavesOf(review).find((leaf) => leaf.path === 'facts.applicant.kind')?.required).toBe(true);
  });

  it('checks required, integer and the schema’s minimum/maximum; an optional object only once given', () => {
    expect(problemsOf(review, {})).toEqual({ 'facts.applicant.kind': { key: 'fieldRequired' } });
    expect(problemsOf(review, { 'facts.applicant.kind': 'hospital', 'facts.applicant.beds': '-1' })).toEqual({
      'facts.applicant.beds': { key: 'fieldMin', min: 0 },
    });
    expect(problemsOf(draft, { programYear: '51' }).programYear).toEqual({ key: 'fieldMax', max: 50 });
    expect(problemsOf(draft, { programYear: '1.5' }).programYear).toEqual({ key: 'fieldInteger' });
    // 退院支援加算: optional, but once one of its answers is given the other is required too.
    const given = {
      'facts.applicant.kind': 'hospital',
      'facts.dischargeSupportStandard.metThisFiscalYear': 'true',
    };
    expect(problemsOf(review, given)).toEqual({
      'facts.dischargeSupportStandard.metBeforeFirstProgramYear': { key: 'fieldRequired' },
    });
  });

  it('builds the body: numbers, booleans, lines as a list, nested by path, nothing for empty fields', () => {
    expect(
      bodyOf(review, {
        'facts.applicant.kind': 'hospital',
        'facts.applicant.beds': '120',
        'facts.applicant.psychiatric': 'false',
        reason: '  ',
      }),
    ).toEqual({ facts: { applicant: { kind: 'hospital', beds: 120, psychiatric: false } } });
    expect(bodyOf(correction, { reason: '不足', items: '人件費の内訳\n\n見積書 ' })).toEqual({
      reason: '不足',
      items: ['人件費の内訳', '見積書'],
    });
  });
});
