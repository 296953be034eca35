import { describe, expect, it } from '@jest/globals';
import { csvText, toCsv } from './csv-export.ts';

describe('csv export', () => {
  it('starts with a BOM, ends every line with CRLF and takes the headers from the caller', () => {
    const csv = toCsv(
      [
        { header: '区市町村名', value: (r: { name: string; count: number }) => r.name },
        { header: '実施数', value: (r) => r.count },
      ],
      [
        { name: '千代田区', count: 3 },
        { name: '八王子市', count: 0 },
      ],
    );
    expect(csv).toBe('\uFEFF区市町村名,実施数\r\n千代田区,3\r\n八王子市,0\r\n');
  });

  it('quotes per RFC 4180 and keeps formulas from running', () => {
    expect(csvText([], [['a,b', 'say "hi"', 'two\r\nlines', '=SUM(A1)', -5.7, null, undefined, '']])).toBe(
      '\uFEFF"a,b","say ""hi""","two\r\nlines",\'=SUM(A1),-5.7,,,\r\n',
    );
  });

  it('writes several header rows before the rows', () => {
    expect(
      csvText(
        [
          ['項目', '28年度', ''],
          ['', '区市町村数', '全体の%'],
        ],
        [['(ア)', 53, 100]],
      ),
    ).toBe('\uFEFF項目,28年度,\r\n,区市町村数,全体の%\r\n(ア),53,100\r\n');
  });

  it('refuses a number a spreadsheet cannot read', () => {
    expect(() => csvText([], [[Number.NaN]])).toThrow(RangeError);
  });
});
