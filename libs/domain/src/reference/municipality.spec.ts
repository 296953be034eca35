import { describe, expect, it } from '@jest/globals';
// Tests read the reference file from disk; the domain code itself never does.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import type { CsvIssue } from './csv-table.ts';
import { importMunicipalities, surveyDenominator } from './municipality.ts';
import { isValidMunicipalityCode, municipalityCheckDigit } from './municipality-code.ts';

const csv = readFileSync(
  new URL('../../../../data/reference/tokyo-municipalities.csv', import.meta.url),
  'utf8',
);
const HEADER = 'code,name,kind,kana,island';

function issuesOf(text: string): readonly CsvIssue[] {
  const result = importMunicipalities(text);
  return result.ok ? [] : (result.issues as readonly CsvIssue[]);
}

describe('the municipality reference list', () => {
  const result = importMunicipalities(csv);
  const municipalities = result.ok ? result.value : [];

  it('given data/reference/tokyo-municipalities.csv then all 62 municipalities load, 9 of them islands', () => {
    expect(result.ok).toBe(true);
    expect(municipalities).toHaveLength(62);
    expect(municipalities.filter((m) => m.island)).toHaveLength(9);
  });

  it('given the list then the survey denominator without islands is 53', () => {
    expect(surveyDenominator(municipalities)).toBe(53);
  });

  it('given the list then it has 23 special wards, 26 cities, and 13 towns and villages', () => {
    const count = (kind: string) => municipalities.filter((m) => m.kind === kind).length;
    expect([count('特別区'), count('市'), count('町') + count('村')]).toEqual([23, 26, 13]);
  });

  it('given 千代田区 then its code is 131016 and it is not an island', () => {
    expect(municipalities[0]).toEqual({
      code: '131016',
      name: '千代田区',
      kind: '特別区',
      kana: 'ちよだく',
      island: false,
    });
  });
});

describe('the 全国地方公共団体コード check digit', () => {
  it.each([
    ['13101', 6],
    ['13362', 1], // remainder 0 → 1 (利島村)
    ['13222', 5],
    ['01000', 6], // 北海道
  ])('given %s then the check digit is %i', (firstFive, digit) => {
    expect(municipalityCheckDigit(firstFive)).toBe(digit);
  });

  it.each(['131017', '13101', '1310166', 'abcdef'])('given %s then it is not a valid code', (code) => {
    expect(isValidMunicipalityCode(code)).toBe(false);
  });

  it('given a code with a wrong check digit then the error names line, column and the right code', () => {
    const issues = issuesOf(
      `${HEADER}\n131016,千代田区,特別区,ちよだく,false\n131025,中央区,特別区,ちゅうおうく,false\n`,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        line: 3,
        column: 1,
        columnName: 'code',
        value: '131025',
        expected: '131024',
      }),
    ]);
    expect(issues[0]?.path).toBe('line 3, column 1 (code)');
  });
});

describe('importing municipalities: errors name the line and column', () => {
  it.each([
    ['an unknown kind', '131016,千代田区,区,ちよだく,false', 3, 'kind'],
    ['an island flag that is not a boolean', '131016,千代田区,特別区,ちよだく,yes', 5, 'island'],
    ['an empty name', '131016,,特別区,ちよだく,false', 2, 'name'],
    ['a code outside Tokyo', '011002,札幌市,市,さっぽろし,false', 1, 'code'],
  ])('given %s then the issue is at line 2, column %i (%s)', (_case, row, column, columnName) => {
    expect(issuesOf(`${HEADER}\n${row}\n`)).toEqual([
      expect.objectContaining({ line: 2, column, columnName }),
    ]);
  });

  it('given a duplicate code then the issue points back to the first line', () => {
    const row = '131016,千代田区,特別区,ちよだく,false';
    expect(issuesOf(`${HEADER}\n${row}\n${row}\n`)[0]).toMatchObject({
      line: 3,
      reason: 'duplicate of line 2',
    });
  });

  it('given a wrong header then the issue says which header was expected', () => {
    expect(issuesOf('code,name\n131016,千代田区\n')[0]).toMatchObject({ line: 1, expected: HEADER });
  });

  it('given a row with too few fields then the issue names the line', () => {
    expect(issuesOf(`${HEADER}\n131016,千代田区\n`)[0]).toMatchObject({ line: 2, reason: '2 fields' });
  });

  it('given several bad rows then every issue is reported', () => {
    expect(issuesOf(`${HEADER}\n131017,a,市,a,false\n131024,b,市,b,maybe\n`)).toHaveLength(2);
  });
});
