import type { ValidationResult } from '../shared/validation.ts';
import type { CsvRowReader } from './csv-table.ts';
import { readCsvTableWithUniqueKey, readId, readMunicipalityCode } from './reference-fields.ts';

const FLAGS = [
  'homeCareSupport',
  'designatedSecondaryEmergency',
  'psychiatric',
  'municipal',
  'metropolitan',
  'independentAdministrativeAgency',
] as const;
const COLUMNS = ['id', 'name', 'kind', 'municipalityCode', 'beds', ...FLAGS] as const;
type Column = (typeof COLUMNS)[number];
type Flag = (typeof FLAGS)[number];

export type MedicalInstitutionKind = 'hospital' | 'clinic';

/** 医療機関 (病院・診療所) with the flags the eligibility rules look at. */
export interface MedicalInstitution {
  readonly id: string;
  readonly name: string;
  readonly kind: MedicalInstitutionKind;
  readonly municipalityCode: string;
  readonly beds: number;
  /** 在宅療養支援診療所・病院 and the other flags, true / false. */
  readonly flags: Readonly<Record<Flag, boolean>>;
}

/** A clinic (診療所) has at most 19 beds under the Medical Care Act; a hospital (病院) at least 20. */
function checkBeds(
  row: CsvRowReader<Column>,
  kind: MedicalInstitutionKind,
  beds: number,
): number | undefined {
  if (kind === 'clinic' && beds > 19)
    return row.fail('beds', beds, 'too many beds for a clinic', '0–19 for a clinic');
  if (kind === 'hospital' && beds < 20)
    return row.fail('beds', beds, 'too few beds for a hospital', '20 or more');
  return beds;
}

function readInstitution(
  row: CsvRowReader<Column>,
  known: ReadonlySet<string>,
): MedicalInstitution | undefined {
  const id = readId(row, 'id');
  const name = row.text('name');
  const kind = row.oneOf('kind', ['hospital', 'clinic'] as const);
  const code = row.text('municipalityCode');
  const municipalityCode =
    code === undefined ? undefined : readMunicipalityCode(row, 'municipalityCode', code, known);
  const rawBeds = row.integer('beds', 0, 10_000);
  const beds = kind && rawBeds !== undefined ? checkBeds(row, kind, rawBeds) : undefined;
  const flags = Object.fromEntries(FLAGS.map((flag) => [flag, row.boolean(flag)]));
  const flagsValid = FLAGS.every((flag) => flags[flag] !== undefined);
  if (!id || !name || !kind || !municipalityCode || beds === undefined || !flagsValid) return undefined;
  return { id, name, kind, municipalityCode, beds, flags: flags as Record<Flag, boolean> };
}

/** Validates medical-institutions CSV (header id,name,kind,municipalityCode,beds,<flags>). */
export function importMedicalInstitutions(
  csv: string,
  knownMunicipalityCodes: ReadonlySet<string>,
): ValidationResult<MedicalInstitution[]> {
  return readCsvTableWithUniqueKey(
    csv,
    COLUMNS,
    'id',
    (item) => item.id,
    (row) => readInstitution(row, knownMunicipalityCodes),
  );
}

export const MEDICAL_INSTITUTION_COLUMNS: readonly string[] = COLUMNS;
