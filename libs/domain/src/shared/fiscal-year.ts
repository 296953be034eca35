import { type CalendarDate, calendarDate, startOfTokyoDate, tokyoDateOf } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';

declare const fiscalYearBrand: unique symbol;

/** 年度: FY2015 runs from 1 April 2015 to 31 March 2016 (Asia/Tokyo). Named by its starting year. */
export type FiscalYear = number & { readonly [fiscalYearBrand]: true };

export const FIRST_MONTH_OF_FISCAL_YEAR = 4;
const MIN_FISCAL_YEAR = 1868;
const MAX_FISCAL_YEAR = 9999;

export function fiscalYear(value: number, field = 'fiscalYear'): FiscalYear {
  if (!Number.isInteger(value) || value < MIN_FISCAL_YEAR || value > MAX_FISCAL_YEAR) {
    throw new DomainError('INVALID_FISCAL_YEAR', {
      field,
      value,
      reason: 'not a supported fiscal year',
      expected: `an integer Gregorian starting year between ${MIN_FISCAL_YEAR} and ${MAX_FISCAL_YEAR}`,
    });
  }
  return value as FiscalYear;
}

export function fiscalYearOfDate(date: CalendarDate): FiscalYear {
  return fiscalYear(date.month >= FIRST_MONTH_OF_FISCAL_YEAR ? date.year : date.year - 1);
}

export function fiscalYearOfInstant(instant: Date): FiscalYear {
  return fiscalYearOfDate(tokyoDateOf(instant));
}

export function firstDayOfFiscalYear(fy: FiscalYear): CalendarDate {
  return calendarDate(fy, FIRST_MONTH_OF_FISCAL_YEAR, 1);
}

export function lastDayOfFiscalYear(fy: FiscalYear): CalendarDate {
  return calendarDate(fy + 1, FIRST_MONTH_OF_FISCAL_YEAR - 1, 31);
}

/** [start, end) of the fiscal year as instants: 1 April 00:00 JST up to the next 1 April 00:00 JST. */
export function fiscalYearInterval(fy: FiscalYear): { readonly start: Date; readonly end: Date } {
  return {
    start: startOfTokyoDate(firstDayOfFiscalYear(fy)),
    end: startOfTokyoDate(firstDayOfFiscalYear(nextFiscalYear(fy))),
  };
}

export function nextFiscalYear(fy: FiscalYear, by = 1): FiscalYear {
  return fiscalYear(fy + by);
}

/** The calendar year in which a month of the fiscal year falls (January–March belong to the next year). */
export function calendarYearOfMonth(fy: FiscalYear, month: number): number {
  return month >= FIRST_MONTH_OF_FISCAL_YEAR ? fy : fy + 1;
}
