import { describe, expect, it } from '@jest/globals';
import type { CsvIssue } from './csv-table.ts';
import { importDistrictMedicalAssociations } from './district-medical-association.ts';
import { MEDICAL_INSTITUTION_COLUMNS, importMedicalInstitutions } from './medical-institution.ts';

const KNOWN = new Set(['131016', '131024', '132012']);
const HEADER = MEDICAL_INSTITUTION_COLUMNS.join(',');

const issues = (result: { ok: boolean; issues?: readonly unknown[] }): readonly CsvIssue[] =>
  (result.issues ?? []) as readonly CsvIssue[];

describe('importing district medical associations', () => {
  it('given associations covering one or more municipalities then they load', () => {
    const result = importDistrictMedicalAssociations(
      'id,name,municipalityCodes\ndma-1,千代田区医師会,131016\ndma-2,中央・八王子,131024;132012\n',
      KNOWN,
    );
    expect(result).toEqual({
      ok: true,
      value: [
        { id: 'dma-1', name: '千代田区医師会', municipalityCodes: ['131016'] },
        { id: 'dma-2', name: '中央・八王子', municipalityCodes: ['131024', '132012'] },
      ],
    });
  });

  it('given an unknown municipality code then the issue names line 2, column 3', () => {
    const result = importDistrictMedicalAssociations(
      'id,name,municipalityCodes\ndma-1,x,131016;999999\n',
      KNOWN,
    );
    expect(issues(result)).toEqual([
      expect.objectContaining({ line: 2, column: 3, value: '999999', reason: 'unknown municipality' }),
    ]);
  });

  it('given a duplicate id then the issue points back to the first line', () => {
    const result = importDistrictMedicalAssociations(
      'id,name,municipalityCodes\nd,x,131016\nd,y,131024\n',
      KNOWN,
    );
    expect(issues(result)[0]).toMatchObject({ line: 3, column: 1, reason: 'duplicate of line 2' });
  });
});

describe('importing medical institutions', () => {
  const row = (overrides: Partial<Record<string, string>> = {}) => {
    const values: Record<string, string> = {
      id: 'h-1',
      name: '千代田病院',
      kind: 'hospital',
      municipalityCode: '131016',
      beds: '150',
      homeCareSupport: 'true',
      designatedSecondaryEmergency: 'false',
      psychiatric: 'false',
      municipal: 'false',
      metropolitan: 'false',
      independentAdministrativeAgency: 'false',
      ...overrides,
    };
    return MEDICAL_INSTITUTION_COLUMNS.map((c) => values[c]).join(',');
  };

  it('given a valid hospital then it loads with its flags', () => {
    const result = importMedicalInstitutions(`${HEADER}\n${row()}\n`, KNOWN);
    expect(result.ok && result.value[0]).toMatchObject({
      id: 'h-1',
      beds: 150,
      flags: { homeCareSupport: true, psychiatric: false },
    });
  });

  it.each([
    [{ beds: '150.5' }, 5, 'beds'],
    [{ kind: 'clinic', beds: '40' }, 5, 'beds'],
    [{ municipalityCode: '131017' }, 4, 'municipalityCode'],
    [{ psychiatric: 'no' }, 8, 'psychiatric'],
    [{ id: 'h 1' }, 1, 'id'],
  ])('given %j then the issue is at line 2, column %i (%s)', (overrides, column, columnName) => {
    const result = importMedicalInstitutions(`${HEADER}\n${row(overrides)}\n`, KNOWN);
    expect(issues(result)).toEqual([expect.objectContaining({ line: 2, column, columnName })]);
  });
});
