import type { ApplicationRecipient } from '../applications/application-terms.ts';
import { describeBaseAmountRule } from '../rules/base-amount.ts';
import {
  baseAmountFor,
  menuOf,
  subsidyRateFor,
  type SubsidyProgramCatalogue,
} from '../rules/programme-catalogue.ts';
import { formatSubsidyRate } from '../rules/subsidy-rate.ts';
import type { Command } from '../shared/command.ts';
import type { Decider, DomainEvent } from '../shared/decider.ts';
import { DomainError } from '../shared/domain-error.ts';
import { fiscalYear as toFiscalYear } from '../shared/fiscal-year.ts';

/**
 * A recipient's funding by a multi-year programme across fiscal years (複数年度補助): which programme
 * year it is in and the rate and base amount in force for that year. The fiscal-year rollover advances
 * it on 1 April, so that 在宅療養移行支援事業 moves from 10/10 in year 1 to 1/2 in year 2, and
 * 在宅療養環境整備支援事業 from 10/10 to 1/2 in year 4 — exactly once, whatever the job does twice.
 */
export interface ProgramYearTerms {
  readonly fiscalYear: number;
  readonly programYear: number;
  readonly subsidyRate: string;
  readonly baseAmount: string;
  readonly ruleVersionId: string;
}

/**
 * maxProgramYearsReached: the rules the grant started under fund no further year; programNotInForce: the
 * programme has no version this fiscal year; menuNotOffered: its version this year has no such menu.
 */
export type GrantEndReason = 'maxProgramYearsReached' | 'programNotInForce' | 'menuNotOffered';

export type MultiYearGrantEvent =
  | DomainEvent<
      'MultiYearGrantStarted',
      {
        readonly programId: string;
        readonly menuId: string;
        readonly recipient: ApplicationRecipient;
        readonly applicationId: string;
        readonly terms: ProgramYearTerms;
      }
    >
  | DomainEvent<
      'ProgramYearAdvanced',
      {
        readonly programId: string;
        /** Since schema version 2 (version 1 named the menu only in the stream id). */
        readonly menuId?: string;
        readonly recipient: ApplicationRecipient;
        readonly terms: ProgramYearTerms;
        readonly previousSubsidyRate: string;
        readonly rateChanged: boolean;
      }
    >
  | DomainEvent<
      'MultiYearGrantEnded',
      {
        readonly programId: string;
        /** Since schema version 2 (version 1 named the menu only in the stream id). */
        readonly menuId?: string;
        readonly recipient: ApplicationRecipient;
        readonly lastFiscalYear: number;
        readonly reason: GrantEndReason;
      }
    >;

/** The category of the grant streams (`multiYearGrant-…`). */
export const MULTI_YEAR_GRANT_STREAM_CATEGORY = 'multiYearGrant';

export const MULTI_YEAR_GRANT_EVENT_TYPES: readonly MultiYearGrantEvent['type'][] = [
  'MultiYearGrantStarted',
  'ProgramYearAdvanced',
  'MultiYearGrantEnded',
];

export function isMultiYearGrantEvent(event: DomainEvent): event is MultiYearGrantEvent {
  return (MULTI_YEAR_GRANT_EVENT_TYPES as readonly string[]).includes(event.type);
}

export const MULTI_YEAR_GRANT_EVENT_SCHEMA_VERSIONS: Readonly<Record<MultiYearGrantEvent['type'], number>> = {
  MultiYearGrantStarted: 1,
  ProgramYearAdvanced: 2,
  MultiYearGrantEnded: 2,
};

export type MultiYearGrantCommand =
  | Command<
      'StartMultiYearGrant',
      {
        readonly programId: string;
        readonly menuId: string;
        readonly recipient: ApplicationRecipient;
        readonly applicationId: string;
        /** The fiscal year of the year-1 grant decision. */
        readonly fiscalYear: number;
      }
    >
  | Command<'AdvanceProgramYear', { readonly fiscalYear: number }>;

export interface MultiYearGrantState {
  readonly started: boolean;
  readonly ended: boolean;
  readonly programId?: string;
  readonly menuId?: string;
  readonly recipient?: ApplicationRecipient;
  readonly current?: ProgramYearTerms;
}

/** One grant per recipient, programme and menu: `multiYearGrant-<programme>.<menu>.<kind>:<recipient id>`. */
export function multiYearGrantStreamId(
  programId: string,
  menuId: string,
  recipient: ApplicationRecipient,
): string {
  return `${MULTI_YEAR_GRANT_STREAM_CATEGORY}-${programId}.${menuId}.${recipient.kind}:${recipient.id}`;
}

/** True for programmes funded over more than one programme year, whose rollover the grant follows. */
export function isMultiYearProgram(
  catalogue: SubsidyProgramCatalogue,
  programId: string,
  fy: number,
): boolean {
  const version = catalogue.ruleAsOf(programId, toFiscalYear(fy));
  if (version.maxProgramYears) return version.maxProgramYears.value > 1;
  // Without a stated length, a grant spans years when its terms are bound to programme years.
  return version.menus.some((menu) =>
    [...menu.subsidyRates, ...menu.baseAmounts].some(
      (range) => range.fromProgramYear > 1 || (range.toProgramYear ?? 1) > 1,
    ),
  );
}

function termsFor(
  catalogue: SubsidyProgramCatalogue,
  programId: string,
  menuId: string,
  fy: number,
  programYear: number,
): ProgramYearTerms {
  const version = catalogue.ruleAsOf(programId, toFiscalYear(fy));
  const menu = menuOf(version, menuId);
  return {
    fiscalYear: fy,
    programYear,
    subsidyRate: formatSubsidyRate(subsidyRateFor(menu, programYear).value),
    baseAmount: describeBaseAmountRule(baseAmountFor(menu, programYear).value),
    ruleVersionId: version.versionId,
  };
}

export function multiYearGrantDecider(
  catalogue: SubsidyProgramCatalogue,
): Decider<MultiYearGrantCommand, MultiYearGrantState, MultiYearGrantEvent> {
  return {
    initialState: { started: false, ended: false },
    decide(command, state) {
      if (command.type === 'StartMultiYearGrant') {
        if (state.started) return []; // the rollover may find the same year-1 decision twice
        const { programId, menuId, recipient, applicationId, fiscalYear } = command.data;
        return [
          {
            type: 'MultiYearGrantStarted',
            data: {
              programId,
              menuId,
              recipient,
              applicationId,
              terms: termsFor(catalogue, programId, menuId, fiscalYear, 1),
            },
          },
        ];
      }
      return advance(catalogue, command.data.fiscalYear, state);
    },
    evolve(state, event) {
      switch (event.type) {
        case 'MultiYearGrantStarted':
          return {
            started: true,
            ended: false,
            programId: event.data.programId,
            menuId: event.data.menuId,
            recipient: event.data.recipient,
            current: event.data.terms,
          };
        case 'ProgramYearAdvanced':
          return { ...state, current: event.data.terms };
        case 'MultiYearGrantEnded':
          return { ...state, ended: true };
      }
    },
  };
}

function advance(
  catalogue: SubsidyProgramCatalogue,
  fiscalYear: number,
  state: MultiYearGrantState,
): MultiYearGrantEvent[] {
  if (!state.started || !state.current) {
    throw new DomainError('GRANT_NOT_STARTED', {
      field: 'fiscalYear',
      value: fiscalYear,
      reason: 'no multi-year grant has started on this stream',
      expected: 'StartMultiYearGrant first',
    });
  }
  // Already in (or past) that fiscal year, or over: the rollover ran before.
  if (state.ended || state.current.fiscalYear >= fiscalYear) return [];
  const { programId, menuId, recipient, current } = state as Required<MultiYearGrantState>;
  const programYear = current.programYear + (fiscalYear - current.fiscalYear);
  const ended = (reason: GrantEndReason): MultiYearGrantEvent[] => [
    {
      type: 'MultiYearGrantEnded',
      data: { programId, menuId, recipient, lastFiscalYear: current.fiscalYear, reason },
    },
  ];
  // The length of a grant is fixed by the rules it started under, not by the version now in force:
  // their maximum number of years, and the programme years its menu funds (先駆 funds years 1–3 only).
  const startedUnder = catalogue.ruleAsOf(programId, toFiscalYear(current.fiscalYear));
  const fundedThen = absentAsUndefined(() => subsidyRateFor(menuOf(startedUnder, menuId), programYear));
  if (programYear > (startedUnder.maxProgramYears?.value ?? Number.POSITIVE_INFINITY) || !fundedThen)
    return ended('maxProgramYearsReached');
  if (!absentAsUndefined(() => catalogue.ruleAsOf(programId, toFiscalYear(fiscalYear))))
    return ended('programNotInForce');
  // A later version of the programme may no longer offer the menu (平成29年度 has no 先駆).
  const terms = absentAsUndefined(() => termsFor(catalogue, programId, menuId, fiscalYear, programYear));
  if (!terms) return ended('menuNotOffered');
  const rateChanged = terms.subsidyRate !== current.subsidyRate;
  return [
    {
      type: 'ProgramYearAdvanced',
      data: { programId, menuId, recipient, terms, previousSubsidyRate: current.subsidyRate, rateChanged },
    },
  ];
}

/** A lookup of a rule that may not exist (not in force, no such menu): undefined instead of the error. */
function absentAsUndefined<T>(lookup: () => T): T | undefined {
  try {
    return lookup();
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'RULE_NOT_IN_FORCE' || error.code === 'UNKNOWN_MENU'))
      return undefined;
    throw error;
  }
}
