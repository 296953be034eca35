import type { ValidationResult } from '../shared/validation.ts';
import { type CsvRowReader, readCsvTable } from './csv-table.ts';

/** Ids are stable keys in events: ASCII letters, digits, hyphens and underscores only. */
export function readId<C extends string>(row: CsvRowReader<C>, column: C): string | undefined {
  const id = row.text(column);
  if (id === undefined) return undefined;
  return /^[A-Za-z0-9_-]+$/.test(id)
    ? id
    : row.fail(column, id, 'not an id', 'letters, digits, "-" and "_" only');
}

export function readMunicipalityCode<C extends string>(
  row: CsvRowReader<C>,
  column: C,
  value: string,
  knownMunicipalityCodes: ReadonlySet<string>,
): string | undefined {
  return knownMunicipalityCodes.has(value)
    ? value
    : row.fail(column, value, 'unknown municipality', 'a code of data/reference/tokyo-municipalities.csv');
}

/** A table whose rows carry a key column (an id, a code) that must be unique within the file. */
export function readCsvTableWithUniqueKey<C extends string, T>(
  csv: string,
  columns: readonly C[],
  keyColumn: C,
  keyOf: (item: T) => string,
  readRow: (row: CsvRowReader<C>) => T | undefined,
): ValidationResult<T[]> {
  const seen = new Map<string, number>();
  return readCsvTable(csv, columns, (row) => {
    const item = readRow(row);
    if (!item) return undefined;
    const key = keyOf(item);
    const first = seen.get(key);
    if (first !== undefined)
      return row.fail(keyColumn, key, `duplicate of line ${first}`, `unique ${keyColumn}s`);
    seen.set(key, row.line);
    return item;
  });
}
