import type { ValidationIssue, ValidationResult } from '../shared/validation.ts';
import { parseCsv } from './csv.ts';

/** A CSV issue names the line and the column, so that the file can be fixed in a spreadsheet. */
export interface CsvIssue extends ValidationIssue {
  readonly line: number;
  readonly column?: number;
  readonly columnName?: string;
}

/** Reads the fields of one record by column name, recording every problem with line and column. */
export class CsvRowReader<C extends string> {
  constructor(
    readonly line: number,
    private readonly columns: readonly C[],
    private readonly fields: readonly string[],
    private readonly issues: CsvIssue[],
  ) {}

  fail(column: C, value: unknown, reason: string, expected: string): undefined {
    const index = this.columns.indexOf(column);
    this.issues.push({
      path: `line ${this.line}, column ${index + 1} (${column})`,
      line: this.line,
      column: index + 1,
      columnName: column,
      value,
      reason,
      expected,
    });
    return undefined;
  }

  raw(column: C): string {
    return (this.fields[this.columns.indexOf(column)] ?? '').trim();
  }

  text(column: C): string | undefined {
    const value = this.raw(column);
    return value === '' ? this.fail(column, value, 'empty', 'a value') : value;
  }

  optionalText(column: C): string | undefined {
    const value = this.raw(column);
    return value === '' ? undefined : value;
  }

  integer(column: C, min: number, max: number): number | undefined {
    const value = this.raw(column);
    const n = Number(value);
    return /^-?\d+$/.test(value) && n >= min && n <= max
      ? n
      : this.fail(column, value, 'not an integer in range', `an integer between ${min} and ${max}`);
  }

  boolean(column: C): boolean | undefined {
    const value = this.raw(column);
    if (value === 'true') return true;
    if (value === 'false') return false;
    return this.fail(column, value, 'not a boolean', '"true" or "false"');
  }

  oneOf<T extends string>(column: C, allowed: readonly T[]): T | undefined {
    const value = this.raw(column);
    return allowed.includes(value as T)
      ? (value as T)
      : this.fail(column, value, 'not an allowed value', `one of ${allowed.join(', ')}`);
  }
}

function headerIssues(header: readonly string[], columns: readonly string[], line: number): CsvIssue[] {
  const found = header.map((h) => h.trim());
  if (found.length === columns.length && found.every((h, i) => h === columns[i])) return [];
  return [
    {
      path: `line ${line} (header)`,
      line,
      value: found.join(','),
      reason: 'unexpected header',
      expected: columns.join(','),
    },
  ];
}

/**
 * Parses a CSV file with a fixed header into typed rows; a row is kept only when every field is valid,
 * and every issue of every row is reported.
 */
export function readCsvTable<C extends string, T>(
  text: string,
  columns: readonly C[],
  readRow: (row: CsvRowReader<C>) => T | undefined,
): ValidationResult<T[]> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const [header, ...records] = parsed.records;
  if (!header) {
    return {
      ok: false,
      issues: [{ path: 'line 1', value: '', reason: 'empty file', expected: columns.join(',') }],
    };
  }
  const issues: CsvIssue[] = headerIssues(header.fields, columns, header.line);
  if (issues.length > 0) return { ok: false, issues };
  const rows = records.map((record) => {
    if (record.fields.length !== columns.length) {
      issues.push({
        path: `line ${record.line}`,
        line: record.line,
        value: record.fields.length,
        reason: `${record.fields.length} fields`,
        expected: `${columns.length} fields (${columns.join(',')})`,
      });
      return undefined;
    }
    return readRow(new CsvRowReader(record.line, columns, record.fields, issues));
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: rows as T[] };
}
