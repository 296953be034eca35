import { describe, expect, it } from '@jest/globals';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('given quoted fields with commas, quotes and newlines then they are read as one field each', () => {
    const result = parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n\nlast,row');
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['x, y', 'say "hi"\nthere'] },
        { line: 5, fields: ['last', 'row'] },
      ],
    });
  });

  it('given a BOM then it is dropped', () => {
    expect(parseCsv('\uFEFFcode\n1')).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['code'] },
        { line: 2, fields: ['1'] },
      ],
    });
  });

  it('given an unterminated quote then the issue names the line where the record starts', () => {
    const result = parseCsv('a\n"open\nstill open');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]?.path).toBe('line 2');
  });
});
