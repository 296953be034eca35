import type { DesignationStatusReport } from './designation-status.service.ts';
import { csvText, type CsvCell } from './export/csv-export.ts';
import { NUMBER_FORMATS, xlsxWorkbookOfSheets, type XlsxTable } from './export/xlsx-export.ts';

function basis(report: DesignationStatusReport): string {
  const when = report.asOf?.at
    ? `${report.asOf.at} 時点`
    : report.asOf?.position
      ? `ログ位置 ${report.asOf.position} 時点`
      : '現在';
  const { source } = report.status;
  return `基準: ${when}。出典: ${source.streamId} のイベント ${source.eventsCounted} 件（位置 ${source.upTo.position} まで）`;
}

function surveyBasis(report: DesignationStatusReport): string {
  const source = report.hubSurvey?.source;
  return source
    ? `出典: ${source.streamId} のイベント ${source.eventsCounted} 件（位置 ${source.upTo.position} まで）`
    : '拠点調査: 未実施';
}

/**
 * 指定状況 as CSV for Excel, in sections separated by an empty line: the status line, the municipalities
 * in adjustment (調整中), every municipality, the hub survey tally and the published versions.
 */
export function designationStatusCsv(report: DesignationStatusReport): string {
  const { status, hubSurvey } = report;
  const rows: CsvCell[][] = [
    [`${report.title}（${report.fiscalYearLabel}）`],
    [basis(report)],
    [],
    ['指定医療機関のある自治体数', '指定医療機関数', '調整中の自治体数'],
    [status.municipalitiesWithDesignations, status.designatedInstitutions, status.municipalitiesInAdjustment],
    [],
    ['調整中の自治体（区市町村コード）', '自治体名'],
    ...status.municipalitiesInAdjustmentList.map((m) => [m.municipalityCode, m.name]),
    [],
    ['区市町村コード', '自治体名', '状況', '指定医療機関数'],
    ...report.municipalities.map((m) => [m.municipalityCode, m.name, m.status, m.designatedInstitutions]),
    [],
    ['在宅療養に必要な連携を担う拠点 取組状況調査', surveyBasis(report)],
  ];
  if (hubSurvey) {
    rows.push(
      ['回答自治体数', '調査対象自治体数'],
      [hubSurvey.answered, hubSurvey.surveyed],
      ['求められる事項', '項目', '実施済', '今後実施'],
      ...hubSurvey.items.map((i) => [i.item, i.label, i.done, i.planned]),
    );
  }
  rows.push([], ['公表版', '公表日', 'JSON', 'CSV', 'HTML']);
  rows.push(
    ...report.publications.map((p) => [p.version, p.publishedOn, p.links.json, p.links.csv, p.links.html]),
  );
  return csvText([], rows);
}

/** 指定状況 as a workbook: a sheet for the status and the municipalities, one for the hub survey, one for the versions. */
export function designationStatusXlsx(report: DesignationStatusReport, createdAt: Date): Promise<Buffer> {
  const { status, hubSurvey } = report;
  const count = { width: 14, numFmt: NUMBER_FORMATS.count };
  const statusSheet: XlsxTable = {
    sheetName: '指定状況',
    notes: [
      `${report.title}（${report.fiscalYearLabel}）`,
      basis(report),
      `${status.municipalitiesWithDesignations}自治体、${status.designatedInstitutions}医療機関。調整中 ${status.municipalitiesInAdjustment}自治体` +
        (status.municipalitiesInAdjustmentList.length
          ? `（${status.municipalitiesInAdjustmentList.map((m) => m.name).join('、')}）`
          : ''),
    ],
    columns: [{ width: 16 }, { width: 18 }, { width: 10 }, count],
    header: [['区市町村コード', '自治体名', '状況', '指定医療機関数']],
    rows: [
      ...report.municipalities.map((m) => [m.municipalityCode, m.name, m.status, m.designatedInstitutions]),
      [{ value: '計', colSpan: 3 }, status.designatedInstitutions],
    ],
  };
  const surveySheet: XlsxTable = {
    sheetName: '拠点調査',
    notes: [
      '在宅療養に必要な連携を担う拠点 取組状況調査',
      surveyBasis(report),
      hubSurvey ? `回答状況: ${hubSurvey.answered}/${hubSurvey.surveyed}自治体` : '未実施',
    ],
    columns: [{ width: 8 }, { width: 60 }, count, count],
    header: [
      [
        { value: '求められる事項', rowSpan: 2, colSpan: 2 },
        { value: '自治体数', colSpan: 2 },
      ],
      ['実施済', '今後実施'],
    ],
    rows: (hubSurvey?.items ?? []).map((i) => [i.item, i.label, i.done, i.planned]),
  };
  const publicationsSheet: XlsxTable = {
    sheetName: '公表版',
    columns: [{ width: 8, numFmt: NUMBER_FORMATS.count }, { width: 12 }, { width: 50 }],
    header: [['版', '公表日', 'CSV']],
    rows: report.publications.map((p) => [p.version, p.publishedOn, p.links.csv]),
  };
  return xlsxWorkbookOfSheets([statusSheet, surveySheet, publicationsSheet], createdAt);
}
