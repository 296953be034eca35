import {
  type CalendarDate,
  calendarDate,
  compareCalendarDates,
  formatCalendarDate,
} from '../shared/calendar-date.ts';
import { DomainError } from '../shared/domain-error.ts';
import { calendarYearOfMonth, type FiscalYear } from '../shared/fiscal-year.ts';
import { resolveMonthDayInFiscalYear } from '../shared/month-day-label.ts';

/**
 * The dates of one fiscal year's recommendation round (seed 002, 令和6–7年度): the notice to the
 * municipalities in November, recommendations until the end of February, designation of what was
 * recommended by the cut-off (14 March in 令和7), publication by 31 March. Each is configurable per round.
 */
export interface DesignationCalendar {
  readonly noticeDate: CalendarDate;
  readonly recommendationDeadline: CalendarDate;
  readonly designationCutoff: CalendarDate;
  readonly publicationDueDate: CalendarDate;
}

export function defaultDesignationCalendar(fy: FiscalYear): DesignationCalendar {
  return {
    noticeDate: calendarDate(calendarYearOfMonth(fy, 11), 11, 1),
    recommendationDeadline: resolveMonthDayInFiscalYear('2月末', fy),
    designationCutoff: resolveMonthDayInFiscalYear('3月14日', fy),
    publicationDueDate: resolveMonthDayInFiscalYear('3月31日', fy),
  };
}

/** The steps must come in this order; a round whose dates cross would designate before recommending. */
export function assertCalendarInOrder(calendar: DesignationCalendar): void {
  const steps = [
    ['noticeDate', calendar.noticeDate],
    ['recommendationDeadline', calendar.recommendationDeadline],
    ['designationCutoff', calendar.designationCutoff],
    ['publicationDueDate', calendar.publicationDueDate],
  ] as const;
  for (let i = 1; i < steps.length; i++) {
    const [field, date] = steps[i]!;
    const [previousField, previous] = steps[i - 1]!;
    if (compareCalendarDates(previous, date) > 0) {
      throw new DomainError('INVALID_DESIGNATION_CALENDAR', {
        field,
        value: formatCalendarDate(date),
        reason: `comes before ${previousField} (${formatCalendarDate(previous)})`,
        expected: 'noticeDate ≤ recommendationDeadline ≤ designationCutoff ≤ publicationDueDate',
      });
    }
  }
}
