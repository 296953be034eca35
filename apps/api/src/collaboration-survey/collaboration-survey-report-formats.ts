import {
  fiscalYear as toFiscalYear,
  formatFiscalYearLabel,
  type CollaborationSurveyReport,
  type CollaborationSurveyReportRow,
} from '#domain';
import { groupedBarChartSvg } from '../reports/export/chart-svg.ts';
import { csvText } from '../reports/export/csv-export.ts';
import { NUMBER_FORMATS, xlsxWorkbook, type XlsxCell, type XlsxRow } from '../reports/export/xlsx-export.ts';

/** 平成28年度 → 28年度, as the office's table heads its columns. */
export function yearHeading(fy: number): string {
  return formatFiscalYearLabel(toFiscalYear(fy)).replace(/^\D+/, '');
}

const itemHeading = (row: CollaborationSurveyReportRow): string => `(${row.item}) ${row.itemTitle}`;

export function collaborationSurveyFilename(report: CollaborationSurveyReport): string {
  return `在宅医療・介護連携推進事業_取組状況_${yearHeading(report.fiscalYear)}`;
}

function notes(report: CollaborationSurveyReport): string[] {
  const [now, last] = [yearHeading(report.fiscalYear), yearHeading(report.previousFiscalYear)];
  return [
    `${report.title}(${last}・${now}比較)`,
    `※${now}: ${report.basis.note}（基準日 ${report.basis.referenceDate}）`,
    report.previousBasis
      ? `※${last}: ${report.previousBasis.note}（基準日 ${report.previousBasis.referenceDate}）`
      : `※${last}の調査はありません（増減は空欄）`,
    `※島しょは除く。n=${report.n}`,
  ];
}

const ROUNDING_NOTE =
  '※%については、小数点第二位で四捨五入。端数処理のため、増減の%が合わない場合があります。';

/** One line per row: the item and 内容 on every line (a CSV has no merged cells), shares in percent. */
export function collaborationSurveyCsv(report: CollaborationSurveyReport): string {
  const [now, last] = [yearHeading(report.fiscalYear), yearHeading(report.previousFiscalYear)];
  return csvText(
    [
      [
        '在宅医療・介護連携推進事業の項目',
        '内容',
        '内容(細目)',
        `${now} 区市町村数`,
        `${now} 全体の%`,
        `${last} 区市町村数`,
        `${last} 全体の%`,
        `${now}-${last} 増(△)減(%)`,
        'n',
      ],
    ],
    report.rows.map((row) => [
      itemHeading(row),
      row.labels[0],
      row.labels[1] ?? '',
      row.current.count,
      row.current.sharePercent.toFixed(1),
      row.previous?.count,
      row.previous?.sharePercent.toFixed(1),
      row.changeText.replace(/%$/, ''),
      report.n,
    ]),
  );
}

/** Seed 001's table: merged header rows, items and headings merged over their lines, % formats with △. */
export function collaborationSurveyXlsx(report: CollaborationSurveyReport, createdAt: Date): Promise<Buffer> {
  const [now, last] = [yearHeading(report.fiscalYear), yearHeading(report.previousFiscalYear)];
  const percent = NUMBER_FORMATS.percentPoints;
  return xlsxWorkbook({
    sheetName: `${now}・${last}比較`,
    notes: notes(report),
    columns: [
      { width: 30 },
      { width: 44 },
      { width: 16 },
      { width: 11, numFmt: NUMBER_FORMATS.count },
      { width: 11, numFmt: percent },
      { width: 11, numFmt: NUMBER_FORMATS.count },
      { width: 11, numFmt: percent },
      { width: 14, numFmt: percent },
    ],
    header: [
      [
        { value: '在宅医療・介護連携推進事業の項目', rowSpan: 4 },
        { value: '内容', rowSpan: 4, colSpan: 2 },
        { value: `集計状況(n=${report.n})`, colSpan: 5 },
      ],
      [{ value: now, colSpan: 2 }, { value: last, colSpan: 2 }, `${now}-${last}`],
      [{ value: '実施数', colSpan: 4 }, '増(△)減'],
      ['区市町村数', '全体の%', '区市町村数', '全体の%', '%'],
    ],
    rows: report.rows.map((row, i): XlsxRow => {
      const cells: XlsxCell[] = [];
      const before = report.rows[i - 1];
      if (before?.item !== row.item) {
        cells.push({
          value: itemHeading(row),
          rowSpan: report.rows.filter((r) => r.item === row.item).length,
        });
      }
      if (row.labels.length === 1) cells.push({ value: row.labels[0]!, colSpan: 2 });
      else {
        const heading = row.labels[0]!;
        const sameHeading = (r: CollaborationSurveyReportRow | undefined) =>
          r?.item === row.item && r.labels.length > 1 && r.labels[0] === heading;
        if (!sameHeading(before)) {
          cells.push({ value: heading, rowSpan: report.rows.filter(sameHeading).length });
        }
        cells.push({ value: row.labels[1]! });
      }
      return [
        ...cells,
        row.current.count,
        row.current.sharePercent / 100,
        row.previous?.count ?? null,
        row.previous ? row.previous.sharePercent / 100 : null,
        row.changePoints === null ? null : row.changePoints / 100,
      ];
    }),
    footnotes: [ROUNDING_NOTE],
    createdAt,
  });
}

/** A bar per line, this year against last, in shares of n. */
export function collaborationSurveySvg(report: CollaborationSurveyReport): string {
  const [now, last] = [yearHeading(report.fiscalYear), yearHeading(report.previousFiscalYear)];
  return groupedBarChartSvg({
    title: `${report.title}(${last}・${now}比較)`,
    subtitle: `実施数の全体に占める割合 (n=${report.n}、島しょを除く)`,
    categories: report.rows.map((row) => {
      const label = row.labels.at(-1)!;
      return `(${row.item}) ${label.length > 12 ? `${label.slice(0, 11)}…` : label}`;
    }),
    series: [
      { name: now, values: report.rows.map((r) => r.current.sharePercent) },
      { name: last, values: report.rows.map((r) => r.previous?.sharePercent ?? null) },
    ],
    categoryAxisLabel: '事業項目',
    valueAxisLabel: '全体の%',
    valueAxisMax: 100,
    barLabel: (v) => v.toFixed(1),
    width: 1200,
    height: 600,
  });
}
