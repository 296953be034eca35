import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RequestValidationException } from '../../validation/request-validation.ts';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'svg'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  svg: 'image/svg+xml',
};

/** The formats downloaded as a file (Content-Disposition: attachment); json and svg are shown inline. */
const ATTACHMENTS: ReadonlySet<ReportFormat> = new Set(['csv', 'xlsx']);

/** `?format=json|csv|xlsx|svg` (default json): an unknown one is a 400 VALIDATION_FAILED naming `format`. */
export class ReportFormatQueryDto {
  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'json',
    description:
      'json (the figures), csv (UTF-8 with BOM, Japanese headers), xlsx (the table as the office lays it out) or svg (a chart)',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  readonly format?: ReportFormat;
}

/** What a report can be rendered as; a format it does not offer is a 400 naming `format`. */
export type ReportRenderers = {
  readonly [F in ReportFormat]?: () =>
    | (F extends 'json' ? unknown : F extends 'xlsx' ? Buffer : string)
    | Promise<F extends 'json' ? unknown : F extends 'xlsx' ? Buffer : string>;
};

/** The part of Express' response a report needs. */
export interface ReportResponse {
  setHeader(name: string, value: string): unknown;
  end(body: string | Buffer): unknown;
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 / 5987): a
 * Japanese file name reaches the browser intact, an old client gets the ASCII one.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The requested format, or the 400 the api answers for one the report does not offer. */
export function reportFormatOf(requested: string | undefined, renderers: ReportRenderers): ReportFormat {
  const format = requested ?? 'json';
  const offered = REPORT_FORMATS.filter((f) => renderers[f]);
  if (!(offered as readonly string[]).includes(format)) {
    throw new RequestValidationException([
      { field: 'format', value: format, reason: `format must be one of ${offered.join(', ')}` },
    ]);
  }
  return format as ReportFormat;
}

/**
 * Renders the requested format only and sends it with its content type; csv and xlsx as an attachment
 * named `<filenameBase>.<format>`.
 */
export async function sendReport(
  response: ReportResponse,
  requested: string | undefined,
  filenameBase: string,
  renderers: ReportRenderers,
): Promise<void> {
  const format = reportFormatOf(requested, renderers);
  const rendered = await (renderers[format] as () => unknown)();
  response.setHeader('Content-Type', REPORT_CONTENT_TYPES[format]);
  if (ATTACHMENTS.has(format)) {
    response.setHeader('Content-Disposition', contentDisposition(`${filenameBase}.${format}`));
  }
  response.end(format === 'json' ? JSON.stringify(rendered) : (rendered as string | Buffer));
}

/** OpenAPI: the content types the route answers in, and the schema of its JSON when given. */
export function ApiReportFormats(
  description: string,
  formats: readonly ReportFormat[] = REPORT_FORMATS,
  json?: new (...args: never[]) => unknown,
) {
  const mediaTypes = formats.map((f) => REPORT_CONTENT_TYPES[f].split(';')[0] as string);
  return applyDecorators(
    ApiProduces(...mediaTypes),
    ...(json ? [ApiExtraModels(json)] : []),
    ApiOkResponse({
      description: `${description}. ?format=${formats.join('|')}: ${formats
        .map((f) => `${f} → ${REPORT_CONTENT_TYPES[f]}${ATTACHMENTS.has(f) ? ' (attachment)' : ''}`)
        .join(', ')}`,
      ...(json
        ? {
            content: Object.fromEntries(
              mediaTypes.map((type) => [
                type,
                {
                  schema:
                    type === 'application/json'
                      ? { $ref: getSchemaPath(json) }
                      : { type: 'string', ...(type.endsWith('sheet') ? { format: 'binary' } : {}) },
                },
              ]),
            ),
          }
        : {}),
    }),
  );
}
