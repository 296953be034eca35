import type { TrainingCourseId } from '../rules/eligibility/eligibility-facts.ts';
import type { TrainingObligation } from '../rules/eligibility/staff-training.ts';
import type { Yen } from '../shared/money.ts';
import type { NextApplicationAction } from '../applications/application-next-action.ts';
import type { ApplicationState } from '../applications/application-state.ts';

/** The rate and base amount of one menu in force for a fiscal year and programme year (ruleAsOf). */
export interface MenuRuleInForce {
  readonly menuId: string;
  readonly subsidyRate: string;
  /** The rule, e.g. "3,600,000円 / 人 (上限2名)". */
  readonly baseAmountRule: string;
}

export interface RuleInForce {
  readonly versionId: string;
  readonly programYear: number;
  readonly menus: readonly MenuRuleInForce[];
}

export interface TimelineTrainingCompletion {
  readonly offeringId: string;
  readonly personId: string;
  readonly course: TrainingCourseId;
  readonly completedOn: string;
}

/** One application of the year, summarised, with the state the timeline keeps evolving. */
export interface TimelineApplication {
  readonly applicationId: string;
  readonly menuId: string;
  readonly programYear: number;
  readonly stage: ApplicationState['stage'];
  readonly appliedOn?: string;
  readonly decidedOn?: string;
  readonly grantedAmount?: Yen;
  readonly reportedOn?: string;
  readonly confirmedOn?: string;
  readonly confirmedAmount?: Yen;
  readonly paid: Yen;
  readonly refunded: Yen;
  readonly endedOn?: string;
  /** The rate and the base amount (for the applied quantity) of the application's menu and programme year. */
  readonly subsidyRate?: string;
  readonly baseAmount?: Yen;
  readonly nextAction?: NextApplicationAction;
  readonly state: ApplicationState;
}

/** The application window a training completion opens (研修修了 FY N → 申請 FY N + offset). */
export interface OpenedApplicationWindow {
  readonly opens: string;
  readonly closes: string;
  readonly enabledByTrainingIn: number;
  readonly personIds: readonly string[];
}

export interface TimelineYear {
  readonly fiscalYear: number;
  readonly fiscalYearLabel: string;
  /** 補助何年目 of the year: the application's, or the one expected from earlier grants. */
  readonly programYear?: number;
  readonly rule?: RuleInForce;
  readonly trainingCompletions: readonly TimelineTrainingCompletion[];
  readonly applicationOpens?: OpenedApplicationWindow;
  readonly applications: readonly TimelineApplication[];
  /** Duties on staff due or missed by this year (a ③ completer who must take ② this year). */
  readonly obligations: readonly TrainingObligation[];
  /** The multi-year grants' terms for this year, one per menu, as their records say (started, or advanced on 1 April). */
  readonly grants?: readonly TimelineGrantYear[];
  readonly nextAction?: TimelineAction;
}

/**
 * A fiscal year of a multi-year grant (複数年度補助): the programme year, rate and base in force, recorded
 * when the grant started (year 1) or when the rollover advanced it (移行支援 year 2 at 1/2).
 */
export interface TimelineGrantYear {
  readonly menuId: string;
  readonly programYear: number;
  readonly subsidyRate: string;
  readonly baseAmount: string;
  readonly ruleVersionId: string;
  readonly recorded: 'started' | 'advanced';
  /** On an advance: the rate of the year before, and whether it changed (10/10 → 1/2). */
  readonly previousSubsidyRate?: string;
  readonly rateChanged?: boolean;
  /** The year's application window from the programme schedule (for applying in a continuing year). */
  readonly applicationWindow: { readonly opens: string; readonly closes: string };
}

export interface TimelineAction {
  readonly fiscalYear: number;
  readonly applicationId?: string;
  readonly action: string;
  readonly dueDate?: string;
  readonly label: { readonly ja: string; readonly en: string };
}

/** One recipient × one programme across fiscal years: plain JSON, deterministic. */
export interface RecipientProgramTimeline {
  readonly recipientId: string;
  readonly programId: string;
  readonly years: readonly TimelineYear[];
  /** Multi-year grants that ended (no further year funded, programme or menu gone), per menu. */
  readonly grantsEnded?: readonly {
    readonly menuId?: string;
    readonly lastFiscalYear: number;
    readonly reason: string;
  }[];
  /** The earliest-due action over all years. */
  readonly nextAction?: TimelineAction;
}
