import type { TrainingCompletionFact } from '../rules/eligibility/eligibility-facts.ts';
import { advancedCourseObligations } from '../rules/eligibility/staff-training.ts';
import type { SubsidyProgramCatalogue } from '../rules/programme-catalogue.ts';
import type { ProgramSchedule } from '../rules/program-schedule.ts';
import { formatCalendarDate, tokyoDateOf } from '../shared/calendar-date.ts';
import type { Command } from '../shared/command.ts';
import type { Decider, DomainEvent } from '../shared/decider.ts';
import { fiscalYear as toFiscalYear } from '../shared/fiscal-year.ts';
import { openedWindows, usesTraining } from '../timeline/timeline-derivations.ts';

/**
 * 年度更新 (1 April): what a new fiscal year brings by itself. Training completions up to the year before
 * open this year's applications of programmes that fund trained staff (在宅療養移行体制確保事業: completed
 * in FY N, apply in FY N and again in every later year of the period), and a ③ completer who has not
 * taken ② owes it this year. One stream per fiscal
 * year (`fiscalYearRollover-<FY>`); rolling over twice records nothing the second time.
 */
export interface InstitutionTraining {
  readonly institutionId: string;
  readonly completions: readonly TrainingCompletionFact[];
}

export interface OpenedApplication {
  readonly institutionId: string;
  readonly enabledByTrainingIn: number;
  /** The trained staff (pseudonymous person ids) whose completions opened it. */
  readonly personIds: readonly string[];
}

export interface RaisedTrainingObligation {
  readonly institutionId: string;
  readonly personId: string;
  readonly course: TrainingCompletionFact['course'];
  readonly dueFiscalYear: number;
}

export type FiscalYearRolloverEvent =
  | DomainEvent<
      'ApplicationsOpenedByTraining',
      {
        readonly fiscalYear: number;
        readonly programId: string;
        readonly opens: string;
        readonly closes: string;
        readonly institutions: readonly OpenedApplication[];
      }
    >
  | DomainEvent<
      'TrainingObligationsRaised',
      { readonly fiscalYear: number; readonly obligations: readonly RaisedTrainingObligation[] }
    >
  | DomainEvent<'FiscalYearRolledOver', { readonly fiscalYear: number; readonly rolledOverOn: string }>;

export const FISCAL_YEAR_ROLLOVER_EVENT_SCHEMA_VERSIONS: Readonly<
  Record<FiscalYearRolloverEvent['type'], number>
> = { ApplicationsOpenedByTraining: 1, TrainingObligationsRaised: 1, FiscalYearRolledOver: 1 };

export type FiscalYearRolloverCommand = Command<
  'RollOverFiscalYear',
  {
    readonly fiscalYear: number;
    /** Every institution's staff completions up to the year before (from the training log). */
    readonly institutions: readonly InstitutionTraining[];
  }
>;

export interface FiscalYearRolloverState {
  readonly rolledOver: boolean;
}

export function fiscalYearRolloverStreamId(fiscalYear: number): string {
  return `fiscalYearRollover-${toFiscalYear(fiscalYear)}`;
}

export function fiscalYearRolloverDecider(
  catalogue: SubsidyProgramCatalogue,
  schedule: ProgramSchedule,
): Decider<FiscalYearRolloverCommand, FiscalYearRolloverState, FiscalYearRolloverEvent> {
  return {
    initialState: { rolledOver: false },
    decide(command, state) {
      if (state.rolledOver) return [];
      const fy = toFiscalYear(command.data.fiscalYear);
      const { institutions } = command.data;
      const obligations = obligationsDue(institutions, fy);
      return [
        ...applicationsOpened(catalogue, schedule, institutions, fy),
        ...(obligations.length > 0
          ? [{ type: 'TrainingObligationsRaised' as const, data: { fiscalYear: fy, obligations } }]
          : []),
        {
          type: 'FiscalYearRolledOver',
          data: { fiscalYear: fy, rolledOverOn: formatCalendarDate(tokyoDateOf(command.at)) },
        },
      ];
    },
    evolve(state, event) {
      return event.type === 'FiscalYearRolledOver' ? { rolledOver: true } : state;
    },
  };
}

function applicationsOpened(
  catalogue: SubsidyProgramCatalogue,
  schedule: ProgramSchedule,
  institutions: readonly InstitutionTraining[],
  fy: number,
): FiscalYearRolloverEvent[] {
  return catalogue
    .programIds()
    .filter((programId) => usesTraining(catalogue, programId))
    .flatMap((programId) => {
      const opened = institutions.flatMap(({ institutionId, completions }) => {
        // Every hospital whose staff were trained by last year applies again this year (27研修修了者:
        // 27, 28 and 29申請); the completions passed in end last year, so this year's trainees open
        // their window when they finish, not here.
        const window = openedWindows(catalogue, schedule, programId, completions).get(fy);
        if (!window) return [];
        return [
          { institutionId, enabledByTrainingIn: window.enabledByTrainingIn, personIds: window.personIds },
        ];
      });
      if (opened.length === 0) return [];
      const { applicationOpens, applicationCloses } = schedule.scheduleFor(programId, fy);
      return [
        {
          type: 'ApplicationsOpenedByTraining' as const,
          data: {
            fiscalYear: fy,
            programId,
            opens: formatCalendarDate(applicationOpens),
            closes: formatCalendarDate(applicationCloses),
            institutions: sortedBy(opened, (o) => o.institutionId),
          },
        },
      ];
    });
}

/** ③修了者は翌年度②を受講すること: the duties that fall due in this fiscal year. */
function obligationsDue(
  institutions: readonly InstitutionTraining[],
  fy: number,
): RaisedTrainingObligation[] {
  const raised = institutions.flatMap(({ institutionId, completions }) =>
    advancedCourseObligations(completions, toFiscalYear(fy))
      .filter((o) => o.dueFiscalYear === fy)
      .map((o) => ({ institutionId, personId: o.personId, course: o.course, dueFiscalYear: fy })),
  );
  return sortedBy(raised, (o) => `${o.institutionId}\u0000${o.personId}`);
}

/** Code-point order (not locale order): the same events on every machine. */
function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
