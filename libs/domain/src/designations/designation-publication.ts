import type { PublishedDesignation } from './recommendation-round-events.ts';

/** One published version of the list, as the event recorded it, with names for display. */
export interface DesignationPublication {
  readonly fiscalYear: number;
  readonly version: number;
  readonly publishedOn: string;
  readonly institutions: readonly PublishedDesignation[];
  readonly coordinationHubs: readonly { readonly municipalityCode: string; readonly name: string }[];
  /** municipality code → name (区市町村名), for the columns. */
  readonly municipalityNames: Readonly<Record<string, string>>;
}

const TITLE = '在宅療養において積極的役割を担う医療機関 及び 在宅療養に必要な連携を担う拠点';

export function publicationToJson(publication: DesignationPublication): string {
  return JSON.stringify(
    {
      title: TITLE,
      fiscalYear: publication.fiscalYear,
      version: publication.version,
      publishedOn: publication.publishedOn,
      activeRoleInstitutions: publication.institutions.map((i) => ({
        ...i,
        municipalityName: publication.municipalityNames[i.municipalityCode] ?? '',
      })),
      coordinationHubs: publication.coordinationHubs,
    },
    null,
    2,
  );
}

/** UTF-8 with BOM and CRLF: Excel opens it with the Japanese intact. */
export function publicationToCsv(publication: DesignationPublication): string {
  const rows = [
    ['区分', '区市町村コード', '区市町村名', '医療機関ID', '医療機関名', '指定日'],
    ...publication.institutions.map((i) => [
      '在宅療養において積極的役割を担う医療機関',
      i.municipalityCode,
      publication.municipalityNames[i.municipalityCode] ?? '',
      i.institutionId,
      i.name,
      i.designatedOn,
    ]),
    ...publication.coordinationHubs.map((h) => [
      '在宅療養に必要な連携を担う拠点',
      h.municipalityCode,
      h.name,
      '',
      '',
      '',
    ]),
  ];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function publicationToHtml(publication: DesignationPublication): string {
  const institutionRows = publication.institutions
    .map(
      (i) =>
        `<tr><td>${escapeHtml(publication.municipalityNames[i.municipalityCode] ?? i.municipalityCode)}</td><td>${escapeHtml(i.name)}</td><td>${escapeHtml(i.designatedOn)}</td></tr>`,
    )
    .join('\n');
  const hubRows = publication.coordinationHubs.map((h) => `<li>${escapeHtml(h.name)}</li>`).join('\n');
  return `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>${TITLE}（${publication.fiscalYear}年度 第${publication.version}版）</title></head>
<body>
<h1>${TITLE}</h1>
<p>${publication.fiscalYear}年度 第${publication.version}版（${escapeHtml(publication.publishedOn)} 公表）</p>
<h2>在宅療養において積極的役割を担う医療機関（${publication.institutions.length}医療機関）</h2>
<table>
<thead><tr><th>区市町村</th><th>医療機関名</th><th>指定日</th></tr></thead>
<tbody>
${institutionRows}
</tbody>
</table>
<h2>在宅療養に必要な連携を担う拠点（${publication.coordinationHubs.length}自治体）</h2>
<ul>
${hubRows}
</ul>
</body>
</html>
`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
