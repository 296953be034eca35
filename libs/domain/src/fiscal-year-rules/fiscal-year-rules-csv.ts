import type { DomainErrorIssue } from '../shared/domain-error.ts';
import { csvHeaderIssues } from '../shared/csv-header-issues.ts';
import type { RuleSourceDocument } from './fiscal-year-rules-events.ts';

/** The programme version's own cells: the same on every row of the version. */
const PROGRAM_CELLS = [
  'programName_ja',
  'programName_en',
  /** Recipient kinds separated by "|": municipality|hospital */
  'recipientKinds',
  'maxProgramYears',
  'supersedes',
  'reason',
] as const;

/**
 * A year's programme versions as a table (別表), one row per menu and programme-year range — what an
 * office keeps in a spreadsheet. The columns, in any order (a header row names them):
 */
export const FISCAL_YEAR_RULES_CSV_COLUMNS = [
  'programId',
  'versionId',
  ...PROGRAM_CELLS,
  'menuId',
  'menuName_ja',
  'menuName_en',
  'fromProgramYear',
  'toProgramYear',
  /** perUnit, perPerson or perPersonPerMonth */
  'baseAmountKind',
  /** 千円: per unit, per person, or per person and month */
  'thousandYen',
  /** perUnit: menu, hospital, association or facility */
  'unit',
  /** perPerson */
  'maxPersons',
  /** perPersonPerMonth */
  'monthlyCapThousandYen',
  /** "1/2", "10/10" */
  'subsidyRate',
] as const;

export type FiscalYearRulesCsvColumn = (typeof FISCAL_YEAR_RULES_CSV_COLUMNS)[number];

const OPTIONAL: ReadonlySet<FiscalYearRulesCsvColumn> = new Set([
  'maxProgramYears',
  'supersedes',
  'reason',
  'toProgramYear',
  'unit',
  'maxPersons',
  'monthlyCapThousandYen',
]);

/** One data row as parsed: its line in the file and its cells by column. */
export interface CsvRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

export interface FiscalYearRulesFromCsv {
  /** The document to propose (the same validation as a JSON document), or undefined with issues. */
  readonly document?: unknown;
  readonly issues: readonly DomainErrorIssue[];
  /** Where a document path came from: the line and column (1-based) of its cell. */
  locate(path: string): { readonly line: number; readonly column: number } | undefined;
}

const INTEGER = /^\s*-?\d+\s*$/;
const LAST_PATH_SEGMENT = /(\.[^.[\]]+|\[[^\]]*\])$/;
const number = (text: string): number | string => (INTEGER.test(text) ? Number(text) : text);

/**
 * Builds the document of a CSV table: rows with the same programId and versionId are one programme
 * version, rows with the same menuId one menu, and each row one programme-year range of its base amount
 * and rate. The programme's own cells must agree on every row of the version. Every value remembers its
 * cell, so a refusal of the document names the line and column to fix.
 */
export function fiscalYearRulesFromCsv(
  header: readonly string[],
  rows: readonly CsvRow[],
  source: RuleSourceDocument,
): FiscalYearRulesFromCsv {
  const issues: DomainErrorIssue[] = [];
  const where = new Map<string, { line: number; column: number }>();
  const columnOf = (name: string) => header.indexOf(name) + 1;
  const locate = (path: string) => {
    // The cell of the path, or of its nearest parent (`…menus[0].baseAmounts` → its first row).
    for (let p = path; ;) {
      const found = where.get(p);
      if (found) return found;
      const parent = p.replace(LAST_PATH_SEGMENT, '');
      if (parent === p) return undefined;
      p = parent;
    }
  };
  issues.push(
    ...csvHeaderIssues(
      header,
      FISCAL_YEAR_RULES_CSV_COLUMNS,
      FISCAL_YEAR_RULES_CSV_COLUMNS.filter((name) => !OPTIONAL.has(name)),
    ),
  );
  if (rows.length === 0)
    issues.push({
      field: '$',
      value: null,
      reason: 'no rows',
      expected: 'one row per menu and programme-year range',
      line: 2,
      column: 1,
    });
  if (issues.length > 0) return { issues, locate };

  const programs: Record<string, unknown>[] = [];
  const programIndex = new Map<string, { index: number; row: CsvRow }>();
  const menuIndex = new Map<string, number>();
  const rangeCount = new Map<string, number>();
  const put = (path: string, row: CsvRow, column: string) =>
    where.set(path, { line: row.line, column: columnOf(column) });
  const cell = (row: CsvRow, column: FiscalYearRulesCsvColumn) => (row.cells[column] ?? '').trim();

  for (const row of rows) {
    const programKey = `${cell(row, 'programId')}\u0000${cell(row, 'versionId')}`;
    let program = programIndex.get(programKey);
    if (!program) {
      const p = `programs[${programs.length}]`;
      program = { index: programs.length, row };
      programIndex.set(programKey, program);
      const kinds = cell(row, 'recipientKinds')
        .split('|')
        .map((k) => k.trim())
        .filter(Boolean);
      programs.push({
        programId: cell(row, 'programId'),
        versionId: cell(row, 'versionId'),
        name: { ja: cell(row, 'programName_ja'), en: cell(row, 'programName_en') },
        recipientKinds: { value: kinds },
        ...(cell(row, 'maxProgramYears')
          ? { maxProgramYears: { value: number(cell(row, 'maxProgramYears')) } }
          : {}),
        ...(cell(row, 'supersedes') ? { supersedes: cell(row, 'supersedes') } : {}),
        ...(cell(row, 'reason') ? { reason: cell(row, 'reason') } : {}),
        menus: [],
      });
      put(p, row, 'programId');
      put(`${p}.programId`, row, 'programId');
      put(`${p}.versionId`, row, 'versionId');
      put(`${p}.name.ja`, row, 'programName_ja');
      put(`${p}.name.en`, row, 'programName_en');
      put(`${p}.recipientKinds`, row, 'recipientKinds');
      kinds.forEach((_, i) => put(`${p}.recipientKinds.value[${i}]`, row, 'recipientKinds'));
      put(`${p}.maxProgramYears`, row, 'maxProgramYears');
      put(`${p}.supersedes`, row, 'supersedes');
      put(`${p}.reason`, row, 'reason');
      put(`${p}.period`, row, 'programId');
    } else {
      for (const column of PROGRAM_CELLS) {
        if (cell(row, column) !== cell(program.row, column)) {
          issues.push({
            field: column,
            value: cell(row, column),
            reason: `differs from line ${program.row.line} for the same programme version`,
            expected: cell(program.row, column) || '(empty)',
            line: row.line,
            column: columnOf(column),
          });
        }
      }
    }
    const p = `programs[${program.index}]`;
    const menus = programs[program.index]!['menus'] as Record<string, unknown>[];
    const menuKey = `${programKey}\u0000${cell(row, 'menuId')}`;
    let m = menuIndex.get(menuKey);
    if (m === undefined) {
      m = menus.length;
      menuIndex.set(menuKey, m);
      menus.push({
        menuId: cell(row, 'menuId'),
        name: { ja: cell(row, 'menuName_ja'), en: cell(row, 'menuName_en') },
        baseAmounts: [],
        subsidyRates: [],
      });
      put(`${p}.menus[${m}]`, row, 'menuId');
      put(`${p}.menus[${m}].menuId`, row, 'menuId');
      put(`${p}.menus[${m}].name.ja`, row, 'menuName_ja');
      put(`${p}.menus[${m}].name.en`, row, 'menuName_en');
    }
    const k = rangeCount.get(menuKey) ?? 0;
    rangeCount.set(menuKey, k + 1);
    const menu = menus[m]!;
    const range = {
      fromProgramYear: number(cell(row, 'fromProgramYear')),
      ...(cell(row, 'toProgramYear') ? { toProgramYear: number(cell(row, 'toProgramYear')) } : {}),
    };
    const kind = cell(row, 'baseAmountKind');
    const amount = number(cell(row, 'thousandYen'));
    const value =
      kind === 'perPerson'
        ? { kind, thousandYenPerPerson: amount, maxPersons: number(cell(row, 'maxPersons')) }
        : kind === 'perPersonPerMonth'
          ? {
              kind,
              thousandYenPerPersonMonth: amount,
              monthlyCapThousandYen: number(cell(row, 'monthlyCapThousandYen')),
            }
          : { kind, thousandYen: amount, unit: cell(row, 'unit') };
    (menu['baseAmounts'] as unknown[]).push({ ...range, value });
    (menu['subsidyRates'] as unknown[]).push({ ...range, value: cell(row, 'subsidyRate') });
    for (const list of ['baseAmounts', 'subsidyRates']) {
      const r = `${p}.menus[${m}].${list}[${k}]`;
      put(r, row, 'fromProgramYear');
      put(`${r}.fromProgramYear`, row, 'fromProgramYear');
      put(`${r}.toProgramYear`, row, 'toProgramYear');
    }
    const b = `${p}.menus[${m}].baseAmounts[${k}].value`;
    put(b, row, 'baseAmountKind');
    put(`${b}.kind`, row, 'baseAmountKind');
    for (const field of ['thousandYen', 'thousandYenPerPerson', 'thousandYenPerPersonMonth'])
      put(`${b}.${field}`, row, 'thousandYen');
    put(`${b}.unit`, row, 'unit');
    put(`${b}.maxPersons`, row, 'maxPersons');
    put(`${b}.monthlyCapThousandYen`, row, 'monthlyCapThousandYen');
    put(`${p}.menus[${m}].subsidyRates[${k}].value`, row, 'subsidyRate');
    put(`${p}.menus[${m}].baseAmounts`, row, 'thousandYen');
    put(`${p}.menus[${m}].subsidyRates`, row, 'subsidyRate');
  }
  return { document: { source, programs, schedules: [] }, issues, locate };
}

/** The issues of a refused document with the line and column of each value's cell. */
export function locateIssues(
  issues: readonly DomainErrorIssue[],
  locate: FiscalYearRulesFromCsv['locate'],
): DomainErrorIssue[] {
  return issues.map((issue) => {
    const at = locate(issue.field);
    return at ? { ...issue, line: at.line, column: at.column } : issue;
  });
}
