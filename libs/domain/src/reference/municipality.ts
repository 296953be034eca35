import type { ValidationResult } from '../shared/validation.ts';
import type { CsvRowReader } from './csv-table.ts';
import { readCsvTableWithUniqueKey } from './reference-fields.ts';
import {
  isTokyoMunicipalityCode,
  isValidMunicipalityCode,
  municipalityCheckDigit,
} from './municipality-code.ts';

export type MunicipalityKind = '特別区' | '市' | '町' | '村';

const MUNICIPALITY_KINDS: readonly MunicipalityKind[] = ['特別区', '市', '町', '村'];
const COLUMNS = ['code', 'name', 'kind', 'kana', 'island'] as const;

/** 区市町村 of Tokyo (62, 9 of them islands 島しょ). */
export interface Municipality {
  /** 6-digit 全国地方公共団体コード, check digit included. */
  readonly code: string;
  readonly name: string;
  readonly kind: MunicipalityKind;
  readonly kana: string;
  readonly island: boolean;
}

function readCode(row: CsvRowReader<(typeof COLUMNS)[number]>): string | undefined {
  const code = row.text('code');
  if (code === undefined) return undefined;
  if (!/^\d{6}$/.test(code))
    return row.fail('code', code, 'not six digits', 'a 6-digit 全国地方公共団体コード');
  if (!isValidMunicipalityCode(code)) {
    const expected = `${code.slice(0, 5)}${municipalityCheckDigit(code.slice(0, 5))}`;
    return row.fail('code', code, 'check digit does not match the first five digits', expected);
  }
  if (!isTokyoMunicipalityCode(code))
    return row.fail('code', code, 'not in Tokyo', 'a code starting with 13');
  return code;
}

function readMunicipality(row: CsvRowReader<(typeof COLUMNS)[number]>): Municipality | undefined {
  const code = readCode(row);
  const name = row.text('name');
  const kind = row.oneOf('kind', MUNICIPALITY_KINDS);
  const kana = row.text('kana');
  const island = row.boolean('island');
  if (code === undefined || !name || !kind || !kana || island === undefined) return undefined;
  return { code, name, kind, kana, island };
}

/** Validates the municipality list (header code,name,kind,kana,island); codes must be unique. */
export function importMunicipalities(csv: string): ValidationResult<Municipality[]> {
  return readCsvTableWithUniqueKey(csv, COLUMNS, 'code', (m) => m.code, readMunicipality);
}

/**
 * Tokyo's surveys of municipalities (seed 001) leave out the islands: n = 53 of the 62.
 */
export function surveyDenominator(municipalities: readonly Municipality[]): number {
  return municipalities.filter((m) => !m.island).length;
}
