import { describe, expect, it } from '@jest/globals';
import { formatCalendarDate } from '../shared/calendar-date.ts';
import { DEFAULT_PROGRAM_SCHEDULE, DEFAULT_SCHEDULE_VERSION } from './program-schedule.ts';

describe('the programme schedule (configurable defaults, not seed figures)', () => {
  it('resolves the default window, report due date and periods for a fiscal year', () => {
    const schedule = DEFAULT_PROGRAM_SCHEDULE.scheduleFor('transition-support', 2016);
    expect(formatCalendarDate(schedule.applicationOpens)).toBe('2016-04-01');
    expect(formatCalendarDate(schedule.applicationCloses)).toBe('2016-06-30');
    expect(formatCalendarDate(schedule.performanceReportDue)).toBe('2017-04-10');
    expect(schedule).toMatchObject({
      correctionResponseDays: 14,
      origin: expect.stringContaining('not stated in the seeds'),
    });
  });

  it("given 在宅療養移行体制確保事業 then its window runs to 2月末, so the year's completers can apply after their training", () => {
    const schedule = DEFAULT_PROGRAM_SCHEDULE.scheduleFor('transition-staffing', 2015);
    expect(formatCalendarDate(schedule.applicationOpens)).toBe('2015-04-01');
    expect(formatCalendarDate(schedule.applicationCloses)).toBe('2016-02-29');
    expect(schedule.origin).toMatch(/configurable default.*2月末.*スケジュール ④/);
  });

  it('a programme-specific version wins over the default, for the years it covers', () => {
    const schedule = DEFAULT_PROGRAM_SCHEDULE.with({
      ...DEFAULT_SCHEDULE_VERSION,
      programId: 'transition-support',
      from: 2017,
      applicationWindow: { opens: '5月1日', closes: '5月末' },
    });
    expect(formatCalendarDate(schedule.scheduleFor('transition-support', 2017).applicationCloses)).toBe(
      '2017-05-31',
    );
    expect(formatCalendarDate(schedule.scheduleFor('transition-support', 2016).applicationCloses)).toBe(
      '2016-06-30',
    );
    expect(formatCalendarDate(schedule.scheduleFor('ict-network', 2017).applicationCloses)).toBe(
      '2017-06-30',
    );
  });

  it('refuses a window that closes before it opens, and a year no version covers', () => {
    const crossed = DEFAULT_PROGRAM_SCHEDULE.with({
      ...DEFAULT_SCHEDULE_VERSION,
      programId: 'x',
      applicationWindow: { opens: '6月1日', closes: '4月1日' },
    });
    expect(() => crossed.scheduleFor('x', 2016)).toThrow('INVALID_PROGRAM_SCHEDULE');
    expect(() => DEFAULT_PROGRAM_SCHEDULE.scheduleFor('x', 2000)).toThrow('INVALID_PROGRAM_SCHEDULE');
  });
});
