import type { ProgramVersionDefinition } from '../rules/catalogue-definition.ts';
import type { ProgramScheduleVersion } from '../rules/program-schedule.ts';
import type { SubsidyProgramVersion } from '../rules/programme-catalogue.ts';
import type { Command } from '../shared/command.ts';
import type { DomainEvent } from '../shared/decider.ts';
import type { EventRecord } from '../shared/event-record.ts';

/**
 * A fiscal year's rules entered by the office (年度の補助要件: programme versions and the procedure
 * schedule), one stream per fiscal year `fiscalYearRules-<fy>`. A proposal is released by another admin
 * (四つの目) and then applies to the applications of that fiscal year only; a released version is never
 * edited — a correction is a new version that names the one it supersedes, with a reason.
 */
export const FISCAL_YEAR_RULES_STREAM_CATEGORY = 'fiscalYearRules';

export function fiscalYearRulesStreamId(fiscalYear: number): string {
  return `${FISCAL_YEAR_RULES_STREAM_CATEGORY}-${fiscalYear}`;
}

/** The document the rules are taken from: its title, its date and the section (交付要綱 第○条, 別表…). */
export interface RuleSourceDocument {
  readonly title: string;
  /** "YYYY-MM-DD" */
  readonly date: string;
  readonly section: string;
}

/** A programme version as entered: the catalogue's definition shape, every value cited. */
export interface EnteredProgramVersion extends ProgramVersionDefinition {
  /** The released version of the same programme and year this one corrects. */
  readonly supersedes?: string;
  readonly reason?: string;
}

/** The year's procedure schedule of one programme (or `'*'`: every programme without its own). */
export interface EnteredScheduleVersion {
  readonly programId: string;
  readonly versionId: string;
  /** Month-day labels within the fiscal year: "4月1日"〜"6月30日", "2月末". */
  readonly applicationWindow: { readonly opens: string; readonly closes: string };
  readonly performanceReportDue: { readonly fiscalYearOffset: number; readonly monthDay: string };
  readonly correctionResponseDays: number;
  readonly standardProcessingDays: number;
  readonly refundDueDays: number;
  readonly supersedes?: string;
  readonly reason?: string;
}

/** What an admin enters for a fiscal year: the source, and programme versions and/or schedules. */
export interface FiscalYearRulesDocument {
  readonly source: RuleSourceDocument;
  readonly programs: readonly EnteredProgramVersion[];
  readonly schedules: readonly EnteredScheduleVersion[];
}

type Proposal = { readonly fiscalYear: number; readonly proposalId: string };

/** Version 1 of the fiscal-year rules events. The document is stored as validated, citations filled in. */
export type FiscalYearRulesEvent =
  | DomainEvent<
      'FiscalYearRulesProposed',
      Proposal & FiscalYearRulesDocument & { readonly recorded: EventRecord }
    >
  | DomainEvent<'FiscalYearRulesReleased', Proposal & { readonly recorded: EventRecord }>
  | DomainEvent<
      'FiscalYearRulesWithdrawn',
      Proposal & { readonly reason: string; readonly recorded: EventRecord }
    >;

export type FiscalYearRulesEventType = FiscalYearRulesEvent['type'];

export const FISCAL_YEAR_RULES_EVENT_SCHEMA_VERSIONS: Readonly<Record<FiscalYearRulesEventType, number>> = {
  FiscalYearRulesProposed: 1,
  FiscalYearRulesReleased: 1,
  FiscalYearRulesWithdrawn: 1,
};

export const FISCAL_YEAR_RULES_EVENT_TYPES = Object.keys(
  FISCAL_YEAR_RULES_EVENT_SCHEMA_VERSIONS,
) as FiscalYearRulesEventType[];

export type ProposeFiscalYearRules = Command<
  'ProposeFiscalYearRules',
  { readonly fiscalYear: number; readonly document: unknown }
>;
export type ReleaseFiscalYearRules = Command<
  'ReleaseFiscalYearRules',
  { readonly fiscalYear: number; readonly proposalId: string }
>;
export type WithdrawFiscalYearRules = Command<
  'WithdrawFiscalYearRules',
  { readonly fiscalYear: number; readonly proposalId: string }
>;

export type FiscalYearRulesCommand =
  ProposeFiscalYearRules | ReleaseFiscalYearRules | WithdrawFiscalYearRules;

export type ProposalStatus = 'proposed' | 'released' | 'withdrawn';

export interface FiscalYearRulesProposal {
  readonly proposalId: string;
  readonly status: ProposalStatus;
  readonly source: RuleSourceDocument;
  readonly document: FiscalYearRulesDocument;
  /** The typed versions the document defines (valid: checked when proposed). */
  readonly programs: readonly SubsidyProgramVersion[];
  readonly schedules: readonly ProgramScheduleVersion[];
  readonly proposed: EventRecord;
  readonly released?: EventRecord;
  /** 0 for the year's first release, 1 for the next…: a later release wins among versions of the year. */
  readonly releasedSeq?: number;
  readonly withdrawn?: EventRecord;
}

export interface FiscalYearRulesState {
  readonly fiscalYear?: number;
  readonly proposals: readonly FiscalYearRulesProposal[];
}
