import { nextApplicationAction } from '../applications/application-next-action.ts';
import type { ApplicationState } from '../applications/application-state.ts';
import { describeBaseAmountRule, computeBaseAmount } from '../rules/base-amount.ts';
import type { TrainingCompletionFact } from '../rules/eligibility/eligibility-facts.ts';
import { advancedCourseObligations, trainedStaffCheck } from '../rules/eligibility/staff-training.ts';
import {
  type SubsidyProgramCatalogue,
  baseAmountFor,
  isInForce,
  menuOf,
  subsidyRateFor,
} from '../rules/programme-catalogue.ts';
import type { ProgramSchedule } from '../rules/program-schedule.ts';
import { formatSubsidyRate } from '../rules/subsidy-rate.ts';
import { formatCalendarDate } from '../shared/calendar-date.ts';
import { DomainError } from '../shared/domain-error.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import type { Yen } from '../shared/money.ts';
import type {
  OpenedApplicationWindow,
  RuleInForce,
  TimelineAction,
  TimelineApplication,
  TimelineYear,
} from './recipient-program-timeline.ts';

/** A rule that cannot be resolved (a catalogue without that year) leaves the value out rather than failing. */
function orUndefined<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}

export function ruleInForce(
  catalogue: SubsidyProgramCatalogue,
  programId: string,
  fy: number,
  programYear: number,
): RuleInForce | undefined {
  return orUndefined(() => {
    const version = catalogue.ruleAsOf(programId, fiscalYear(fy));
    return {
      versionId: version.versionId,
      programYear,
      menus: version.menus.flatMap(
        (menu) =>
          orUndefined(() => ({
            menuId: menu.menuId,
            subsidyRate: formatSubsidyRate(subsidyRateFor(menu, programYear).value),
            baseAmountRule: describeBaseAmountRule(baseAmountFor(menu, programYear).value),
          })) ?? [],
      ),
    };
  });
}

export function summariseApplication(
  catalogue: SubsidyProgramCatalogue,
  state: ApplicationState,
): TimelineApplication {
  const ref = state.ref!;
  const menuRule = orUndefined(() => {
    const menu = menuOf(catalogue.ruleAsOf(ref.programId, fiscalYear(ref.fiscalYear)), ref.menuId);
    const base = baseAmountFor(menu, ref.programYear).value;
    return {
      subsidyRate: formatSubsidyRate(subsidyRateFor(menu, ref.programYear).value),
      baseAmount: computeBaseAmount(base, state.requested?.quantity ?? {}).baseAmount as Yen,
    };
  });
  const next = nextApplicationAction(state);
  const optional = {
    appliedOn: state.submittedOn,
    decidedOn: state.decidedOn,
    grantedAmount: state.grant?.amount,
    reportedOn: state.report?.reportedOn,
    confirmedOn: state.confirmedOn,
    confirmedAmount: state.confirmedAmount,
    endedOn: state.endedOn,
    // A year whose rules the read side does not hold (entered by the office): the case's own decision.
    subsidyRate: menuRule?.subsidyRate ?? state.grant?.subsidyRate,
    baseAmount: menuRule?.baseAmount ?? state.grant?.baseAmount,
    nextAction: next,
  };
  return {
    applicationId: ref.applicationId,
    menuId: ref.menuId,
    programYear: ref.programYear,
    stage: state.stage,
    paid: state.paid,
    refunded: state.refunded,
    // Absent rather than undefined, so that the timeline's JSON equals the timeline.
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    state,
  };
}

/**
 * The application windows that training completions open: for a programme with a training-to-application
 * offset, staff trained (① and ② or ③, the eligibility rule) by FY N open the window of FY N + offset and
 * of every later fiscal year in which the programme is in force (確保事業: 27研修修了者 apply in 27, 28 and
 * 29). An open-ended programme is followed up to the last year with training (plus the offset), so the
 * timeline never runs ahead of its facts. `enabledByTrainingIn` is the year the staff first qualified.
 */
export function openedWindows(
  catalogue: SubsidyProgramCatalogue,
  schedule: ProgramSchedule,
  programId: string,
  completions: readonly TrainingCompletionFact[],
): Map<number, OpenedApplicationWindow> {
  const windows = new Map<number, OpenedApplicationWindow>();
  const trainingYears = [...new Set(completions.map((c) => c.fiscalYear))].sort((a, b) => a - b);
  if (trainingYears.length === 0) return windows;
  for (const version of catalogue.versionsOf(programId)) {
    const offset = version.trainingToApplicationOffset?.value;
    if (offset === undefined) continue;
    const first = trainingYears[0]! + offset;
    const last = version.period.value.until ?? trainingYears.at(-1)! + offset;
    let enabledByTrainingIn: number | undefined;
    for (let target = first; target <= last; target++) {
      if (windows.has(target) || !isInForce(version, fiscalYear(target))) continue;
      const check = trainedStaffCheck(completions, fiscalYear(target), offset);
      if (check.status !== 'passed') continue;
      enabledByTrainingIn ??= target - offset;
      const trainedBy = target - offset;
      const resolved = schedule.scheduleFor(programId, target);
      windows.set(target, {
        opens: formatCalendarDate(resolved.applicationOpens),
        closes: formatCalendarDate(resolved.applicationCloses),
        enabledByTrainingIn,
        personIds: [
          ...new Set(completions.filter((c) => c.fiscalYear <= trainedBy).map((c) => c.personId)),
        ].sort(),
      });
    }
  }
  return windows;
}

/** Whether the programme's eligibility looks at staff training (it has a training → application offset). */
export function usesTraining(catalogue: SubsidyProgramCatalogue, programId: string): boolean {
  return catalogue.versionsOf(programId).some((v) => v.trainingToApplicationOffset !== undefined);
}

export function obligationsFor(completions: readonly TrainingCompletionFact[], fy: number) {
  return advancedCourseObligations(completions, fiscalYear(fy)).filter((o) => o.dueFiscalYear <= fy);
}

/**
 * The year's next action: the first open case's, or applying in a window that training opened — unless
 * `offerWindow` is false (the recipient has applied in a later year: an unused earlier window is past).
 */
export function yearAction(
  year: Omit<TimelineYear, 'nextAction'>,
  offerWindow = true,
): TimelineAction | undefined {
  const open = year.applications.find((a) => a.nextAction !== undefined);
  if (open?.nextAction) {
    const { action, dueDate, label } = open.nextAction;
    return {
      fiscalYear: year.fiscalYear,
      applicationId: open.applicationId,
      action,
      ...(dueDate ? { dueDate } : {}),
      label,
    };
  }
  // A window training opened, or a continuing year of a multi-year grant (移行支援 year 2): apply for it.
  const window = year.applicationOpens ?? year.grants?.[0]?.applicationWindow;
  if (offerWindow && window && year.applications.length === 0) {
    return {
      fiscalYear: year.fiscalYear,
      action: 'DraftApplication',
      dueDate: window.closes,
      label: { ja: '交付申請', en: 'apply' },
    };
  }
  return undefined;
}

/** Earliest due date first; an action without one after every dated action; then the earlier year. */
export function earliestAction(actions: readonly TimelineAction[]): TimelineAction | undefined {
  return [...actions].sort(
    (a, b) =>
      (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') || a.fiscalYear - b.fiscalYear,
  )[0];
}
