import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RequestValidationException } from '../../validation/request-validation.ts';
import {
  contentDisposition,
  REPORT_CONTENT_TYPES,
  ReportFormatQueryDto,
  reportFormatOf,
  sendReport,
  type ReportResponse,
} from './report-format.ts';

function recorder(): ReportResponse & { headers: Record<string, string>; body?: string | Buffer } {
  const r = {
    headers: {} as Record<string, string>,
    body: undefined as string | Buffer | undefined,
    setHeader(name: string, value: string) {
      r.headers[name] = value;
    },
    end(body: string | Buffer) {
      r.body = body;
    },
  };
  return r;
}

describe('report format', () => {
  it('names a Japanese file in filename* and gives an ASCII fallback', () => {
    expect(contentDisposition('在宅医療・介護連携(28年度).csv')).toBe(
      `attachment; filename="_________(28__).csv"; filename*=UTF-8''%E5%9C%A8%E5%AE%85%E5%8C%BB%E7%99%82%E3%83%BB%E4%BB%8B%E8%AD%B7%E9%80%A3%E6%90%BA%2828%E5%B9%B4%E5%BA%A6%29.csv`,
    );
  });

  it('sends json by default, and only renders the requested format', async () => {
    const res = recorder();
    let renderedCsv = false;
    await sendReport(res, undefined, 'r', {
      json: () => ({ n: 53 }),
      csv: () => {
        renderedCsv = true;
        return 'x';
      },
    });
    expect(res.headers['Content-Type']).toBe(REPORT_CONTENT_TYPES.json);
    expect(res.headers['Content-Disposition']).toBeUndefined();
    expect(res.body).toBe('{"n":53}');
    expect(renderedCsv).toBe(false);
  });

  it('sends csv and xlsx as attachments, svg inline', async () => {
    const csv = recorder();
    await sendReport(csv, 'csv', 'report-2016', { csv: () => '\uFEFFa\r\n' });
    expect(csv.headers['Content-Type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['Content-Disposition']).toBe(
      `attachment; filename="report-2016.csv"; filename*=UTF-8''report-2016.csv`,
    );
    const xlsx = recorder();
    await sendReport(xlsx, 'xlsx', 'r', { xlsx: async () => Buffer.from('PK') });
    expect(xlsx.headers['Content-Type']).toBe(REPORT_CONTENT_TYPES.xlsx);
    expect(Buffer.isBuffer(xlsx.body)).toBe(true);
    const svg = recorder();
    await sendReport(svg, 'svg', 'r', { svg: () => '<svg/>' });
    expect(svg.headers['Content-Type']).toBe('image/svg+xml');
    expect(svg.headers['Content-Disposition']).toBeUndefined();
  });

  it('refuses a format the report does not offer with the 400 naming format', () => {
    expect(() => reportFormatOf('svg', { json: () => ({}) })).toThrow(RequestValidationException);
    try {
      reportFormatOf('pdf', { json: () => ({}), csv: () => '' });
    } catch (error) {
      expect((error as RequestValidationException).getStatus()).toBe(400);
      expect((error as RequestValidationException).getResponse()).toEqual({
        error: 'VALIDATION_FAILED',
        message: '1 invalid field: format',
        errors: [{ field: 'format', value: 'pdf', reason: 'format must be one of json, csv' }],
      });
    }
  });

  it('validates ?format= in the query DTO', () => {
    expect(validateSync(plainToInstance(ReportFormatQueryDto, { format: 'xlsx' }))).toEqual([]);
    const [error] = validateSync(plainToInstance(ReportFormatQueryDto, { format: 'pdf' }));
    expect(error?.property).toBe('format');
  });
});
