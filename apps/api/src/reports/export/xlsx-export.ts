import ExcelJS from 'exceljs';

/**
 * Number formats of the office's tables. Negatives are shown with △ and no minus sign, as Japanese
 * administrative tables write a decrease; zero shows as 0 (0.0), never blank.
 */
export const NUMBER_FORMATS = {
  /** Counts: 53. */
  count: '#,##0',
  /** 円: 12,000,000. */
  yen: '#,##0;"△"#,##0;0',
  /** 千円: 12,000. */
  thousandYen: '#,##0;"△"#,##0;0',
  /** A share held as a fraction (0.849 → 84.9%). */
  percent: '0.0%;"△"0.0%;0.0%',
  /** A change in points held as a number of points (-5.7 → △5.7). */
  points: '0.0;"△"0.0;0.0',
  /** A change in points held as a fraction, shown with % as seed 001 does (-0.057 → △5.7%). */
  percentPoints: '0.0%;"△"0.0%;0.0%',
} as const;

export type XlsxValue = string | number | null;

/** A cell: its value, and optionally how many rows/columns it spans (merged) and its own format. */
export interface XlsxCell {
  readonly value: XlsxValue;
  readonly rowSpan?: number;
  readonly colSpan?: number;
  readonly numFmt?: string;
}

/** A row as an HTML table row: a spanned position is skipped by the following cells. */
export type XlsxRow = readonly (XlsxValue | XlsxCell)[];

export interface XlsxColumn {
  /** Width in characters (Excel's unit). */
  readonly width: number;
  /** The body cells' number format in this column. */
  readonly numFmt?: string;
}

export interface XlsxTable {
  readonly sheetName: string;
  /** Lines above the table (title, basis, notes), each merged across the table's width. */
  readonly notes?: readonly string[];
  readonly columns: readonly XlsxColumn[];
  /** Header rows: bold, centred, bordered; merged where a cell spans. */
  readonly header: readonly XlsxRow[];
  readonly rows: readonly XlsxRow[];
  /** Lines below the table. */
  readonly footnotes?: readonly string[];
  /** The workbook's created/modified time (from the injected clock, so a file is reproducible). */
  readonly createdAt?: Date;
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const FONT = 'ＭＳ Ｐゴシック';

/** A workbook with one sheet holding the table, as an .xlsx file. */
export function xlsxWorkbook(table: XlsxTable): Promise<Buffer> {
  return xlsxWorkbookOfSheets([table], table.createdAt);
}

/** A workbook with one sheet per table, in order (sheet names must differ), as an .xlsx file. */
export async function xlsxWorkbookOfSheets(tables: readonly XlsxTable[], createdAt?: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Zaitaku';
  if (createdAt) {
    workbook.created = createdAt;
    workbook.modified = createdAt;
  }
  for (const table of tables) writeSheet(workbook, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function writeSheet(workbook: ExcelJS.Workbook, table: XlsxTable): void {
  const sheet = workbook.addWorksheet(table.sheetName);
  const width = table.columns.length;
  table.columns.forEach((column, i) => {
    sheet.getColumn(i + 1).width = column.width;
  });
  let rowNumber = 1;
  for (const note of table.notes ?? []) writeNote(sheet, rowNumber++, note, width);
  if (table.notes?.length) rowNumber++;
  const headerEnd = writeRows(sheet, rowNumber, table.header, table.columns, true);
  const bodyEnd = writeRows(sheet, headerEnd, table.rows, table.columns, false);
  sheet.views = [{ state: 'frozen', ySplit: headerEnd - 1 }];
  rowNumber = bodyEnd + (table.footnotes?.length ? 1 : 0);
  for (const note of table.footnotes ?? []) writeNote(sheet, rowNumber++, note, width);
}

function writeNote(sheet: ExcelJS.Worksheet, row: number, text: string, width: number): void {
  const cell = sheet.getCell(row, 1);
  cell.value = text;
  cell.font = { name: FONT, size: 10 };
  if (width > 1) sheet.mergeCells(row, 1, row, width);
}

/** Lays the rows out like an HTML table (spans skip covered positions); returns the next free row. */
function writeRows(
  sheet: ExcelJS.Worksheet,
  firstRow: number,
  rows: readonly XlsxRow[],
  columns: readonly XlsxColumn[],
  header: boolean,
): number {
  const covered = new Set<string>();
  rows.forEach((cells, r) => {
    const rowNumber = firstRow + r;
    let col = 1;
    for (const given of cells) {
      while (covered.has(`${rowNumber}:${col}`)) col++;
      const cell: XlsxCell = isCell(given) ? given : { value: given };
      const rowSpan = cell.rowSpan ?? 1;
      const colSpan = cell.colSpan ?? 1;
      if (col + colSpan - 1 > columns.length) {
        throw new RangeError(`row ${r + 1} of the table is wider than its ${columns.length} columns`);
      }
      for (let dr = 0; dr < rowSpan; dr++) {
        for (let dc = 0; dc < colSpan; dc++) covered.add(`${rowNumber + dr}:${col + dc}`);
      }
      const target = sheet.getCell(rowNumber, col);
      target.value = cell.value;
      const numFmt = cell.numFmt ?? (header ? undefined : columns[col - 1]?.numFmt);
      if (numFmt && typeof cell.value === 'number') target.numFmt = numFmt;
      if (rowSpan > 1 || colSpan > 1) {
        sheet.mergeCells(rowNumber, col, rowNumber + rowSpan - 1, col + colSpan - 1);
      }
      col += colSpan;
    }
  });
  const end = firstRow + rows.length;
  for (let row = firstRow; row < end; row++) {
    for (let col = 1; col <= columns.length; col++) {
      const cell = sheet.getCell(row, col);
      cell.border = THIN;
      cell.font = { name: FONT, size: 10, bold: header };
      cell.alignment = header
        ? { horizontal: 'center', vertical: 'middle', wrapText: true }
        : { vertical: 'middle', wrapText: typeof cell.value === 'string' };
      if (header) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    }
  }
  return end;
}

function isCell(value: XlsxValue | XlsxCell): value is XlsxCell {
  return typeof value === 'object' && value !== null;
}
