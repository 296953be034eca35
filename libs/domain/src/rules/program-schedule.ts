import { type CalendarDate, compareCalendarDates, formatCalendarDate } from '../shared/calendar-date.ts';
import { refuse } from '../shared/command-guards.ts';
import { type FiscalYear, fiscalYear } from '../shared/fiscal-year.ts';
import { resolveMonthDayInFiscalYear } from '../shared/month-day-label.ts';

/**
 * The seeds state no deadlines for the subsidy procedure. Every value below is a CONFIGURABLE DEFAULT
 * chosen for the product (typical of Tokyo's 補助金交付要綱), not a seed figure: replace it per programme
 * and fiscal year with a schedule of the year's 交付要綱.
 */
export const SCHEDULE_ORIGIN_CONFIGURABLE_DEFAULT = 'configurable default (not stated in the seeds)';

/** The deadlines of one programme (or of every programme, `programId: '*'`) over a range of fiscal years. */
export interface ProgramScheduleVersion {
  readonly programId: string | '*';
  /** An entered schedule's id (年度の手続日程); the code-defined defaults have none. */
  readonly versionId?: string;
  /** An entered correction: the schedule version of the same programme and year it replaces. */
  readonly supersedes?: string;
  readonly from: number;
  /** Last fiscal year; open-ended when absent. */
  readonly until?: number;
  /** Month-day labels within the fiscal year of the application: "4月1日"〜"6月30日". */
  readonly applicationWindow: { readonly opens: string; readonly closes: string };
  /** 実績報告 due: a month-day in the fiscal year `fiscalYearOffset` after the grant's (翌年度4月10日). */
  readonly performanceReportDue: { readonly fiscalYearOffset: number; readonly monthDay: string };
  /** Days the applicant has to answer a 補正依頼. */
  readonly correctionResponseDays: number;
  /** 標準処理期間: days from (re)submission or report to the decision or confirmation. */
  readonly standardProcessingDays: number;
  /** Days from a 返還命令 to the refund's due date. */
  readonly refundDueDays: number;
  readonly origin: string;
}

/** A schedule resolved for one programme and fiscal year, with calendar dates. */
export interface ResolvedProgramSchedule {
  readonly programId: string;
  readonly fiscalYear: FiscalYear;
  readonly applicationOpens: CalendarDate;
  readonly applicationCloses: CalendarDate;
  readonly performanceReportDue: CalendarDate;
  readonly correctionResponseDays: number;
  readonly standardProcessingDays: number;
  readonly refundDueDays: number;
  readonly origin: string;
}

export const DEFAULT_SCHEDULE_VERSION: ProgramScheduleVersion = {
  programId: '*',
  from: 2011,
  applicationWindow: { opens: '4月1日', closes: '6月30日' },
  performanceReportDue: { fiscalYearOffset: 1, monthDay: '4月10日' },
  correctionResponseDays: 14,
  standardProcessingDays: 30,
  refundDueDays: 30,
  origin: SCHEDULE_ORIGIN_CONFIGURABLE_DEFAULT,
};

const covers = (v: ProgramScheduleVersion, programId: string, fy: number): boolean =>
  (v.programId === programId || v.programId === '*') &&
  fy >= v.from &&
  (v.until === undefined || fy <= v.until);

function positiveDays(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    refuse('INVALID_PROGRAM_SCHEDULE', field, value, 'not a whole number of days', 'an integer ≥ 1');
  }
  return value;
}

function resolve(
  version: ProgramScheduleVersion,
  programId: string,
  fy: FiscalYear,
): ResolvedProgramSchedule {
  const applicationOpens = resolveMonthDayInFiscalYear(version.applicationWindow.opens, fy);
  const applicationCloses = resolveMonthDayInFiscalYear(version.applicationWindow.closes, fy);
  if (compareCalendarDates(applicationOpens, applicationCloses) > 0) {
    refuse(
      'INVALID_PROGRAM_SCHEDULE',
      'applicationWindow',
      version.applicationWindow,
      `opens ${formatCalendarDate(applicationOpens)} after it closes ${formatCalendarDate(applicationCloses)}`,
      'opens ≤ closes within the fiscal year',
    );
  }
  return {
    programId,
    fiscalYear: fy,
    applicationOpens,
    applicationCloses,
    performanceReportDue: resolveMonthDayInFiscalYear(
      version.performanceReportDue.monthDay,
      fiscalYear(fy + version.performanceReportDue.fiscalYearOffset),
    ),
    correctionResponseDays: positiveDays(version.correctionResponseDays, 'correctionResponseDays'),
    standardProcessingDays: positiveDays(version.standardProcessingDays, 'standardProcessingDays'),
    refundDueDays: positiveDays(version.refundDueDays, 'refundDueDays'),
    origin: version.origin,
  };
}

/**
 * The deadlines per programme, versioned by fiscal year like the catalogue: for a programme and a year the
 * latest-starting version naming the programme wins over the latest-starting `'*'` version.
 */
export class ProgramSchedule {
  readonly #versions: readonly ProgramScheduleVersion[];

  constructor(versions: readonly ProgramScheduleVersion[]) {
    this.#versions = versions;
  }

  /** Every version in the order added: among those starting the same year, a later one wins. */
  get versions(): readonly ProgramScheduleVersion[] {
    return this.#versions;
  }

  scheduleFor(programId: string, fy: number): ResolvedProgramSchedule {
    const year = fiscalYear(fy);
    const byStart = (a: ProgramScheduleVersion, b: ProgramScheduleVersion) => a.from - b.from;
    const candidates = this.versions.filter((v) => covers(v, programId, year)).sort(byStart);
    const version =
      candidates.filter((v) => v.programId === programId).at(-1) ??
      candidates.filter((v) => v.programId === '*').at(-1);
    if (!version) {
      return refuse(
        'INVALID_PROGRAM_SCHEDULE',
        'fiscalYear',
        fy,
        `no schedule for ${programId} in FY${fy}`,
        'a schedule version covering the programme and year',
      );
    }
    return resolve(version, programId, year);
  }

  /** A copy with more versions (a programme's own deadlines, a new fiscal year). */
  with(...versions: readonly ProgramScheduleVersion[]): ProgramSchedule {
    return new ProgramSchedule([...this.versions, ...versions]);
  }
}

/**
 * 在宅療養移行体制確保事業: completers apply in the year they finish training (seed 000, スケジュール ④), and
 * the courses run through the year, so the window stays open until 2月末 — a CONFIGURABLE DEFAULT (the seed
 * states no dates), leaving March for the decision within the fiscal year.
 */
export const TRANSITION_STAFFING_SCHEDULE_VERSION: ProgramScheduleVersion = {
  ...DEFAULT_SCHEDULE_VERSION,
  programId: 'transition-staffing',
  applicationWindow: { opens: '4月1日', closes: '2月末' },
  origin: `${SCHEDULE_ORIGIN_CONFIGURABLE_DEFAULT}; open until 2月末 so that the year's completers can apply after their training (seed 000 スケジュール ④)`,
};

/**
 * The default schedule: 4月1日〜6月30日 window (確保事業: until 2月末), 実績報告 翌年度4月10日, 補正 14 days
 * (configurable defaults).
 */
export const DEFAULT_PROGRAM_SCHEDULE = new ProgramSchedule([
  DEFAULT_SCHEDULE_VERSION,
  TRANSITION_STAFFING_SCHEDULE_VERSION,
]);
