import { type CalendarDate, calendarDate, lastDayOfMonth } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';
import { type FiscalYear, calendarYearOfMonth } from './fiscal-year.ts';
import { toHalfWidth } from './full-width.ts';

const MONTH_DAY_LABEL = /^(\d{1,2})月(末|(\d{1,2})日)$/;

/**
 * Deadlines in the seeds are written as month and day within a fiscal year ("2月末", "3月14日").
 * "末" is the last day of that month, so "2月末" is 29 February in leap years.
 */
export function resolveMonthDayInFiscalYear(label: string, fy: FiscalYear): CalendarDate {
  const match = MONTH_DAY_LABEL.exec(toHalfWidth(label).replace(/\s/g, ''));
  const month = Number(match?.[1]);
  if (!match || month < 1 || month > 12) {
    throw new DomainError('INVALID_DATE_LABEL', {
      field: 'dateLabel',
      value: label,
      reason: 'not a month-and-day label',
      expected: 'a label such as "2月末" (end of February) or "3月14日", month 1–12',
    });
  }
  const year = calendarYearOfMonth(fy, month);
  const day = match[2] === '末' ? lastDayOfMonth(year, month) : Number(match[3]);
  return calendarDate(year, month, day);
}
