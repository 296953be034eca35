import { describe, expect, it } from '@jest/globals';
import { gregorianDate, isOverdue, japaneseDate, parseFiscalYear, tokyoToday, yen } from './format.ts';

describe('the console’s Japanese formats', () => {
  it('writes calendar days in 和暦, the first year of an era as 元年, and the 西暦 for hover', () => {
    expect(japaneseDate('2026-11-29')).toBe('令和8年11月29日');
    expect(japaneseDate('2019-05-01')).toBe('令和元年5月1日');
    expect(japaneseDate('2019-04-30')).toBe('平成31年4月30日');
    expect(gregorianDate('2026-11-29')).toBe('2026年11月29日');
    expect(() => japaneseDate('29/11/2026')).toThrow(RangeError);
  });

  it('writes yen with thousands separators and 円', () => {
    expect(yen(1_234_000)).toBe('1,234,000円');
    expect(yen(0)).toBe('0円');
  });

  it('takes today in Tokyo and calls a due date before it overdue', () => {
    expect(tokyoToday(new Date('2026-11-28T15:00:00Z'))).toBe('2026-11-29');
    expect(isOverdue('2026-11-28', '2026-11-29')).toBe(true);
    expect(isOverdue('2026-11-29', '2026-11-29')).toBe(false);
    expect(isOverdue(null, '2026-11-29')).toBe(false);
  });

  it('reads a fiscal year written in 西暦 or 和暦, and nothing else', () => {
    // Given what an office types into the 年度 filter, when it is read, then its 西暦 year
    expect(parseFiscalYear('2026')).toBe(2026);
    expect(parseFiscalYear('２０２６年度')).toBe(2026);
    expect(parseFiscalYear('令和8年度')).toBe(2026);
    expect(parseFiscalYear('令和8')).toBe(2026);
    expect(parseFiscalYear('r8')).toBe(2026);
    expect(parseFiscalYear('令和元年度')).toBe(2019);
    expect(parseFiscalYear('平成30年度')).toBe(2018);
    expect(parseFiscalYear('H31')).toBe(2019);
    // and none for what is no fiscal year: an era past its end, a year 0, words
    expect(parseFiscalYear('平成32')).toBeUndefined();
    expect(parseFiscalYear('令和0年度')).toBeUndefined();
    expect(parseFiscalYear('昭和60')).toBeUndefined();
    expect(parseFiscalYear('next year')).toBeUndefined();
    expect(parseFiscalYear('')).toBeUndefined();
  });
});
