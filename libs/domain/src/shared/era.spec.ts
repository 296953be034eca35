import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from './domain-error.ts';
import { formatFiscalYearLabel, formatShortFiscalYearLabel, parseFiscalYearLabel, toEraYear } from './era.ts';
import { fiscalYear } from './fiscal-year.ts';

describe('era fiscal-year labels', () => {
  it.each([
    [2015, '平成27年度', 'H27'],
    [2025, '令和7年度', 'R7'],
    [1989, '平成元年度', 'H1'],
    [2018, '平成30年度', 'H30'],
    [2019, '令和元年度', 'R1'],
    [2011, '平成23年度', 'H23'],
    [1988, '昭和63年度', 'S63'],
  ])('given FY%i when labelled then it is %s / %s', (fy, label, short) => {
    expect(formatFiscalYearLabel(fiscalYear(fy))).toBe(label);
    expect(formatShortFiscalYearLabel(fiscalYear(fy))).toBe(short);
  });

  it.each([
    ['平成27年度', 2015],
    ['平成２７年度', 2015],
    ['H27', 2015],
    ['Ｈ２７', 2015],
    ['h27年度', 2015],
    ['令和7年度', 2025],
    ['R7', 2025],
    ['令和元年度', 2019],
    ['R1', 2019],
    ['平成元年度', 1989],
    ['平成31年度', 2019],
    ['平成29年', 2017],
    ['FY2015', 2015],
    ['２０１５年度', 2015],
  ])('given "%s" when parsed then it is FY%i', (label, fy) => {
    expect(parseFiscalYearLabel(label)).toBe(fy);
  });

  it.each(['平成32年度', '平成0年度', '令和0年度', '大正5年度', 'X27', '27年度', '', 'H', '平成二十七年度'])(
    'given the bad label "%s" when parsed then the error says what was expected',
    (label) => {
      expect(() => parseFiscalYearLabel(label)).toThrow(DomainError);
      try {
        parseFiscalYearLabel(label);
      } catch (error) {
        expect((error as DomainError).code).toBe('INVALID_FISCAL_YEAR_LABEL');
        expect((error as DomainError).details.expected).toContain('平成27年度');
      }
    },
  );

  it('given FY2019 when split into era and year then it is 令和 year 1 (the 平成→令和 boundary)', () => {
    expect(toEraYear(fiscalYear(2019))).toEqual({ era: '令和', year: 1 });
    expect(toEraYear(fiscalYear(2018))).toEqual({ era: '平成', year: 30 });
  });

  it('round-trips every fiscal year 1989–2100 through both label forms', () => {
    for (let fy = 1989; fy <= 2100; fy += 1) {
      expect(parseFiscalYearLabel(formatFiscalYearLabel(fiscalYear(fy)))).toBe(fy);
      expect(parseFiscalYearLabel(formatShortFiscalYearLabel(fiscalYear(fy)))).toBe(fy);
    }
  });

  it('round-trips labels with full-width digits (property)', () => {
    const toFullWidth = (s: string): string =>
      s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(fc.integer({ min: 1989, max: 2100 }), (fy) => {
        const label = toFullWidth(formatFiscalYearLabel(fiscalYear(fy)));
        return parseFiscalYearLabel(label) === fy;
      }),
    );
  });
});
