import { APPLICATION_STAGE_LABELS, APPLICATION_STAGES, type ApplicationStage } from '#domain';
import type { BudgetExecutionCasesReport, BudgetExecutionReport } from './budget-execution.service.ts';
import { groupedBarChartSvg } from './export/chart-svg.ts';
import { toCsv, type CsvColumn } from './export/csv-export.ts';
import { NUMBER_FORMATS, xlsxWorkbook, type XlsxColumn, type XlsxRow } from './export/xlsx-export.ts';

type Line = BudgetExecutionReport['lines'][number];
type Case = BudgetExecutionCasesReport['cases'][number];

/** The stages a case can be counted in (New is never a case). */
const STAGES = APPLICATION_STAGES.filter((s): s is Exclude<ApplicationStage, 'New'> => s !== 'New');

/** The money columns of a line, in the office's order, each with the figure it shows. */
const MONEY: readonly { readonly header: string; readonly value: (line: Line) => number | null }[] = [
  { header: '予算額', value: (l) => l.budgetAmount },
  { header: '当初交付決定額', value: (l) => l.initialDecidedAmount },
  { header: '変更増減額', value: (l) => l.changeAmount },
  { header: '交付決定額（変更後）', value: (l) => l.decidedAmount },
  { header: '執行残（予算額－交付決定額）', value: (l) => l.remainingAmount },
  { header: '概算払', value: (l) => l.advancePaidAmount },
  { header: '精算払', value: (l) => l.settlementPaidAmount },
  { header: '支払額計', value: (l) => l.paidAmount },
  { header: '額確定', value: (l) => l.confirmedAmount },
  { header: '返還額', value: (l) => l.refundedAmount },
];

const LINE_COLUMNS: readonly CsvColumn<Line>[] = [
  { header: '年度', value: (l) => l.fiscalYear },
  { header: '年度（和暦）', value: (l) => l.fiscalYearLabel },
  { header: '事業ID', value: (l) => l.programId },
  { header: '事業名', value: (l) => l.programName },
  ...MONEY,
  { header: '件数', value: (l) => l.cases },
  ...STAGES.map((stage) => ({
    header: `件数（${APPLICATION_STAGE_LABELS[stage]}）`,
    value: (l: Line) => l.casesByStage[stage] ?? 0,
  })),
];

/** 予算執行 as CSV for Excel: one row per programme × fiscal year, amounts in yen. */
export function budgetExecutionCsv(report: BudgetExecutionReport): string {
  return toCsv(LINE_COLUMNS, report.lines);
}

/** What the report stands on, in words: the point in the log and the events counted. */
export function basisNote(report: Pick<BudgetExecutionReport, 'asOf' | 'source'>): string {
  const { upTo, eventsCounted } = report.source;
  const when = report.asOf?.at
    ? `${report.asOf.at} 時点`
    : report.asOf?.position
      ? `ログ位置 ${report.asOf.position} 時点`
      : '現在';
  const last = upTo
    ? `最終イベント 位置 ${upTo.position}（${upTo.type}、${upTo.recordedAt}）`
    : 'イベントなし';
  return `基準: ${when}。出典: 予算・申請イベント ${eventsCounted} 件を集計（${last}）`;
}

/** 予算執行 as a workbook: grouped headers (交付決定 / 支払 / 件数), widths, yen and count formats. */
export function budgetExecutionXlsx(report: BudgetExecutionReport, createdAt: Date): Promise<Buffer> {
  const yen: XlsxColumn = { width: 16, numFmt: NUMBER_FORMATS.yen };
  const count: XlsxColumn = { width: 9, numFmt: NUMBER_FORMATS.count };
  const columns: XlsxColumn[] = [
    { width: 12 },
    { width: 34 },
    ...MONEY.map((m) => (m.header.startsWith('執行残') ? { ...yen, width: 20 } : yen)),
    count,
    ...STAGES.map(() => count),
  ];
  const single = (value: string) => ({ value, rowSpan: 2 });
  const header: XlsxRow[] = [
    [
      single('年度'),
      single('事業名'),
      single('予算額'),
      { value: '交付決定', colSpan: 3 },
      single('執行残'),
      { value: '支払', colSpan: 3 },
      single('額確定'),
      single('返還額'),
      { value: '件数', colSpan: 1 + STAGES.length },
    ],
    [
      '当初',
      '変更増減',
      '変更後',
      '概算払',
      '精算払',
      '計',
      '計',
      ...STAGES.map((s) => APPLICATION_STAGE_LABELS[s]),
    ],
  ];
  const rows: XlsxRow[] = report.lines.map((line) => [
    line.fiscalYearLabel,
    line.programName,
    ...MONEY.map((m) => m.value(line)),
    line.cases,
    ...STAGES.map((s) => line.casesByStage[s] ?? 0),
  ]);
  return xlsxWorkbook({
    sheetName: '予算執行',
    notes: [report.title, basisNote(report), '単位: 円（△は減）'],
    columns,
    header,
    rows,
    footnotes: [
      '交付決定額（変更後） = 当初交付決定額（GrantDecided）＋変更増減額（ChangeApproved）',
      '概算払・精算払 = 支払記録（PaymentRecorded）の種別ごとの合計。返還額 = 返還収納（RefundRecorded）の合計',
      '各数値の出典イベント件数は JSON 版の sources に、案件ごとの内訳は /reports/budget-execution/cases にある',
    ],
    createdAt,
  });
}

const thousand = (amount: number | null): number | null =>
  amount === null ? null : Math.floor(amount / 1000);

/**
 * 予算額 against 交付決定額 and 支払額 (千円): across the fiscal years (the programmes of a year summed), or
 * across the programmes when the report is for one fiscal year.
 */
export function budgetExecutionSvg(report: BudgetExecutionReport): string {
  const byProgram = report.filter.fiscalYear !== undefined && report.filter.programId === undefined;
  const groups = new Map<string, Line[]>();
  for (const line of report.lines) {
    const key = byProgram ? line.programName : line.fiscalYearLabel;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const sum = (lines: Line[], figure: (l: Line) => number | null): number | null => {
    const values = lines.map(figure).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  };
  const series = (name: string, figure: (l: Line) => number | null) => ({
    name,
    values: [...groups.values()].map((lines) => thousand(sum(lines, figure))),
  });
  const subject = report.filter.programId
    ? (report.lines[0]?.programName ?? report.filter.programId)
    : byProgram
      ? `${report.lines[0]?.fiscalYearLabel ?? ''} 事業別`
      : '全事業';
  return groupedBarChartSvg({
    title: `予算額と交付決定額・支払額（${subject}）`,
    subtitle: basisNote(report),
    categories: [...groups.keys()],
    series: [
      series('予算額', (l) => l.budgetAmount),
      series('交付決定額', (l) => l.decidedAmount),
      series('支払額', (l) => l.paidAmount),
    ],
    categoryAxisLabel: byProgram ? '事業' : '年度',
    valueAxisLabel: '千円',
    barLabel: (v) => v.toLocaleString('ja-JP'),
  });
}

const CASE_COLUMNS: readonly CsvColumn<Case>[] = [
  { header: '年度', value: (c) => c.fiscalYear },
  { header: '事業ID', value: (c) => c.programId },
  { header: '事業名', value: (c) => c.programName },
  { header: '申請ID', value: (c) => c.applicationId },
  { header: '補助年次', value: (c) => c.programYear },
  { header: '補助対象者', value: (c) => c.recipient.id },
  { header: '区市町村コード', value: (c) => c.recipient.municipalityCode },
  { header: '区市町村', value: (c) => c.municipalityName },
  { header: '段階', value: (c) => c.stageLabel },
  { header: '申請額', value: (c) => c.requestedAmount },
  { header: '当初交付決定額', value: (c) => c.initialDecidedAmount },
  { header: '変更増減額', value: (c) => c.changeAmount },
  { header: '交付決定額（変更後）', value: (c) => c.decidedAmount },
  { header: '概算払', value: (c) => c.advancePaidAmount },
  { header: '精算払', value: (c) => c.settlementPaidAmount },
  { header: '支払額計', value: (c) => c.paidAmount },
  { header: '額確定', value: (c) => c.confirmedAmount },
  { header: '返還額', value: (c) => c.refundedAmount },
  { header: '出典ストリーム', value: (c) => c.source.streamId },
  {
    header: '集計イベント',
    value: (c) =>
      Object.entries(c.eventCounts)
        .map(([type, n]) => `${type}×${n}`)
        .join(' '),
  },
];

export function budgetExecutionCasesCsv(report: BudgetExecutionCasesReport): string {
  return toCsv(CASE_COLUMNS, report.cases);
}

export function budgetExecutionCasesXlsx(
  report: BudgetExecutionCasesReport,
  createdAt: Date,
): Promise<Buffer> {
  const money = new Set([9, 10, 11, 12, 13, 14, 15, 16, 17]);
  const widths = [8, 22, 30, 28, 8, 20, 12, 12, 12, 14, 14, 14, 16, 14, 14, 14, 14, 14, 34, 60];
  return xlsxWorkbook({
    sheetName: '案件別',
    notes: [report.title, basisNote(report), '単位: 円（△は減）'],
    columns: widths.map((width, i) =>
      money.has(i)
        ? { width, numFmt: NUMBER_FORMATS.yen }
        : i === 4
          ? { width, numFmt: NUMBER_FORMATS.count }
          : { width },
    ),
    header: [CASE_COLUMNS.map((c) => c.header)],
    rows: report.cases.map((c) => CASE_COLUMNS.map((column) => column.value(c) ?? null)),
    createdAt,
  });
}
