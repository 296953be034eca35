import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { DomainErrorIssue } from '#domain';
import type { PastCaseFile, PastCaseTable } from '#workflow';

/** A file read as a table, or the reason it is none (an issue at its line). */
export type ReadTable =
  | { readonly table: PastCaseTable; readonly file: PastCaseFile; readonly issues?: undefined }
  | { readonly issues: readonly DomainErrorIssue[]; readonly table?: undefined };

const notATable = (reason: string, expected: string, line = 1): ReadTable => ({
  issues: [{ field: '$', value: null, reason, expected, line, column: 1 }],
});

function tableOf(records: readonly { line: number; cells: readonly string[] }[]): PastCaseTable {
  const [head, ...data] = records;
  const header = (head?.cells ?? []).map((name) => name.trim());
  const rows = data
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ''))
    .map(({ line, cells }) => ({
      line,
      cells: Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])),
    }));
  return { header, rows };
}

/** RFC 4180 CSV (UTF-8, a BOM as spreadsheets write it is dropped), each record with its line. */
function csvTable(text: string): PastCaseTable | ReadTable {
  try {
    const records = parseCsv(text, { bom: true, info: true, skip_empty_lines: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return tableOf(records.map(({ record, info }) => ({ line: info.lines, cells: record })));
  } catch (error) {
    const { message, lines } = error as { message: string; lines?: number };
    return notATable(message, 'a CSV table (RFC 4180) with a header row', lines ?? 1);
  }
}

/** A cell of a worksheet as text: dates as YYYY-MM-DD (Excel dates carry no zone), formulas by result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return '';
}

/** The first worksheet: row 1 the header, each row's number its line. */
async function xlsxTable(bytes: Buffer): Promise<PastCaseTable | ReadTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return notATable((error as Error).message, 'an .xlsx workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return notATable('the workbook has no worksheet', 'the cases on the first worksheet');
  const records: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    records.push({ line, cells });
  });
  if (records[0]?.line !== 1) return notATable('no header row on line 1', 'the column names on row 1');
  return tableOf(records);
}

/** The past-cases file: `.xlsx` by its first worksheet, anything else as CSV. */
export async function readPastCaseTable(path: string): Promise<ReadTable> {
  const bytes = await readFile(path);
  const file: PastCaseFile = {
    name: basename(path),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
  const read =
    extname(path).toLowerCase() === '.xlsx' ? await xlsxTable(bytes) : csvTable(bytes.toString('utf8'));
  return 'header' in read ? { table: read, file } : read;
}
