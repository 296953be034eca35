import type { ValidationResult } from '../shared/validation.ts';
import type { CsvRowReader } from './csv-table.ts';
import { readCsvTableWithUniqueKey, readId, readMunicipalityCode } from './reference-fields.ts';

const COLUMNS = ['id', 'name', 'municipalityCodes'] as const;
type Column = (typeof COLUMNS)[number];

/** 地区医師会: covers one or more municipalities (codes separated by ";"). */
export interface DistrictMedicalAssociation {
  readonly id: string;
  readonly name: string;
  readonly municipalityCodes: readonly string[];
}

function readAssociation(
  row: CsvRowReader<Column>,
  known: ReadonlySet<string>,
): DistrictMedicalAssociation | undefined {
  const id = readId(row, 'id');
  const name = row.text('name');
  const codes = row.text('municipalityCodes');
  const municipalityCodes = codes
    ?.split(';')
    .map((code) => readMunicipalityCode(row, 'municipalityCodes', code.trim(), known));
  if (!id || !name || !municipalityCodes || municipalityCodes.some((c) => c === undefined)) return undefined;
  return { id, name, municipalityCodes: municipalityCodes as string[] };
}

/** Validates district-medical-associations CSV (header id,name,municipalityCodes). */
export function importDistrictMedicalAssociations(
  csv: string,
  knownMunicipalityCodes: ReadonlySet<string>,
): ValidationResult<DistrictMedicalAssociation[]> {
  return readCsvTableWithUniqueKey(
    csv,
    COLUMNS,
    'id',
    (item) => item.id,
    (row) => readAssociation(row, knownMunicipalityCodes),
  );
}
