import { DomainError } from './domain-error.ts';

/** A date on the Tokyo calendar, without a time of day. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Japan has kept UTC+9 without daylight saving since 1951, so Tokyo time is a fixed offset. */
export const TOKYO_UTC_OFFSET_MS = 9 * 60 * 60 * 1000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function lastDayOfMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? Number.NaN;
}

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  const valid =
    Number.isSafeInteger(year) &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= lastDayOfMonth(year, month);
  if (!valid) {
    throw new DomainError('INVALID_DATE_LABEL', {
      field: 'date',
      value: `${year}-${month}-${day}`,
      reason: 'no such calendar date',
      expected: 'a valid year, month 1–12 and a day within that month',
    });
  }
  return { year, month, day };
}

/** The Tokyo calendar date of an instant (the clock is read by the caller, never here). */
export function tokyoDateOf(instant: Date): CalendarDate {
  const shifted = new Date(instant.getTime() + TOKYO_UTC_OFFSET_MS);
  return calendarDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** The instant at which a Tokyo calendar date begins (00:00 JST). */
export function startOfTokyoDate(date: CalendarDate): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day) - TOKYO_UTC_OFFSET_MS);
}

export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function formatCalendarDate(date: CalendarDate): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** The date `days` days after (or before, when negative) a Tokyo calendar date. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return calendarDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** "2016-04-01" → { year: 2016, month: 4, day: 1 }; events keep dates as such ISO strings. */
export function parseCalendarDate(iso: string, field = 'date'): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) {
    throw new DomainError('INVALID_DATE_LABEL', {
      field,
      value: iso,
      reason: 'not an ISO calendar date',
      expected: 'YYYY-MM-DD',
    });
  }
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}
