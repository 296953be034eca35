import { csvField } from '#event-store';

/** A cell as a report holds it: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

/** One column: its header as the reader sees it (Japanese), and how a row fills it. */
export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => CsvCell;
}

/**
 * A table as CSV text for Excel: UTF-8 with a BOM, RFC 4180 quoting, CRLF after every line. The header
 * rows come first (several when the caller's table has grouped headers), then the rows. Text starting
 * with =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula; numbers are written
 * as numbers (a negative one stays -5.7).
 */
export function csvText(
  headerRows: readonly (readonly CsvCell[])[],
  rows: readonly (readonly CsvCell[])[],
): string {
  const lines = [...headerRows, ...rows].map((cells) => cells.map(csvCellText).join(','));
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;
}

/** Rows described by their columns: one header row from the columns' headers. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return csvText(
    [columns.map((c) => c.header)],
    rows.map((row) => columns.map((c) => c.value(row))),
  );
}

function csvCellText(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new RangeError(`a CSV cell cannot hold ${cell}`);
    return String(cell);
  }
  return csvField(cell);
}
