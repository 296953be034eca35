import { describe, expect, it } from '@jest/globals';
import { calendarDate, formatCalendarDate } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import {
  fiscalYear,
  fiscalYearInterval,
  fiscalYearOfDate,
  fiscalYearOfInstant,
  firstDayOfFiscalYear,
  lastDayOfFiscalYear,
} from './fiscal-year.ts';
import { resolveMonthDayInFiscalYear } from './month-day-label.ts';

describe('FiscalYear', () => {
  it.each([
    [2015, 4, 1, 2015],
    [2016, 3, 31, 2015],
    [2019, 4, 30, 2019],
    [2020, 1, 1, 2019],
  ])('given the Tokyo date %i-%i-%i then it is in FY%i', (y, m, d, fy) => {
    expect(fiscalYearOfDate(calendarDate(y, m, d))).toBe(fy);
  });

  it('given an instant just after midnight 1 April in Tokyo (still 31 March in UTC) then it is the new fiscal year', () => {
    expect(fiscalYearOfInstant(new Date('2015-03-31T15:00:00Z'))).toBe(2015);
    expect(fiscalYearOfInstant(new Date('2015-03-31T14:59:59.999Z'))).toBe(2014);
  });

  it('given FY2015 then it runs from 1 April 2015 to 31 March 2016, JST', () => {
    expect(firstDayOfFiscalYear(fiscalYear(2015))).toEqual({ year: 2015, month: 4, day: 1 });
    expect(lastDayOfFiscalYear(fiscalYear(2015))).toEqual({ year: 2016, month: 3, day: 31 });
    const { start, end } = fiscalYearInterval(fiscalYear(2015));
    expect(start.toISOString()).toBe('2015-03-31T15:00:00.000Z');
    expect(end.toISOString()).toBe('2016-03-31T15:00:00.000Z');
  });

  it.each([2015.5, 1200, Number.NaN])('given %p then it is not a fiscal year', (value) => {
    expect(() => fiscalYear(value)).toThrow(DomainError);
  });
});

describe('month-and-day labels within a fiscal year', () => {
  it.each([
    ['2月末', 2023, '2024-02-29'],
    ['2月末', 2024, '2025-02-28'],
    ['2月末', 1999, '2000-02-29'],
    ['2月末', 2099, '2100-02-28'],
    ['２月末', 2015, '2016-02-29'],
    ['3月14日', 2024, '2025-03-14'],
    ['11月末', 2024, '2024-11-30'],
  ])('given "%s" in FY%i then it is %s', (label, fy, expected) => {
    expect(formatCalendarDate(resolveMonthDayInFiscalYear(label, fiscalYear(fy)))).toBe(expected);
  });

  it.each(['2月30日', '13月末', '末', 'February'])('given "%s" then it is refused', (label) => {
    expect(() => resolveMonthDayInFiscalYear(label, fiscalYear(2024))).toThrow(DomainError);
  });
});
