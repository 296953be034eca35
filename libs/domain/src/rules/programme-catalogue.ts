import { DomainError } from '../shared/domain-error.ts';
import type { FiscalYear } from '../shared/fiscal-year.ts';
import { formatFiscalYearLabel } from '../shared/era.ts';
import type { LocalizedText } from '../shared/localized-text.ts';
import type { BaseAmountRule } from './base-amount.ts';
import type { SeedCitation } from './seed-citation.ts';
import type { SubsidyRate } from './subsidy-rate.ts';

export type RecipientKind =
  'municipality' | 'districtMedicalAssociation' | 'tokyoMedicalAssociation' | 'hospital' | 'residence';

export const RECIPIENT_KINDS: readonly RecipientKind[] = [
  'municipality',
  'districtMedicalAssociation',
  'tokyoMedicalAssociation',
  'hospital',
  'residence',
];

/** A value as the source states it, with the citation that lets anyone check it. */
export interface Cited<T> {
  readonly value: T;
  readonly source: SeedCitation;
}

/** A value that holds for programme years fromProgramYear..toProgramYear (open-ended when absent). */
export interface ProgramYearRange<T> extends Cited<T> {
  readonly fromProgramYear: number;
  readonly toProgramYear?: number;
}

export interface ProgramMenu {
  readonly menuId: string;
  readonly name: LocalizedText;
  /** When a menu serves only one kind of recipient (e.g. the 東京都医師会 secretariat). */
  readonly recipientKind?: RecipientKind;
  readonly baseAmounts: readonly ProgramYearRange<BaseAmountRule>[];
  readonly subsidyRates: readonly ProgramYearRange<SubsidyRate>[];
}

export interface FiscalYearPeriod {
  readonly from: FiscalYear;
  /** Last fiscal year in force; absent while the source states no end. */
  readonly until?: FiscalYear;
}

export interface ProgramNote extends LocalizedText {
  readonly source: SeedCitation;
}

/** One version of a 補助事業's rules, in force for the fiscal years of its period. */
export interface SubsidyProgramVersion {
  readonly programId: string;
  readonly versionId: string;
  readonly name: LocalizedText;
  readonly period: Cited<FiscalYearPeriod>;
  readonly recipientKinds: Cited<readonly RecipientKind[]>;
  readonly subsidyMethod?: Cited<'direct' | 'indirect'>;
  /** 補助期間: how many programme years a recipient may be funded. */
  readonly maxProgramYears?: Cited<number>;
  /** Fiscal years between a training completion and the first application it supports. */
  readonly trainingToApplicationOffset?: Cited<number>;
  /** 病床数要件: an applicant hospital has fewer beds than this (absent: no bed requirement). */
  readonly bedLimit?: Cited<number>;
  readonly menus: readonly ProgramMenu[];
  readonly notes: readonly ProgramNote[];
  /** An entered correction: the version of the same programme and year it replaces. */
  readonly supersedes?: string;
}

export function isInForce(version: SubsidyProgramVersion, fy: FiscalYear): boolean {
  const { from, until } = version.period.value;
  return fy >= from && (until === undefined || fy <= until);
}

function inRange<T>(entry: ProgramYearRange<T>, programYear: number): boolean {
  return (
    programYear >= entry.fromProgramYear &&
    (entry.toProgramYear === undefined || programYear <= entry.toProgramYear)
  );
}

/** The catalogue of all rule versions; asking "as of" a fiscal year gives the version then in force. */
export class SubsidyProgramCatalogue {
  readonly #versions: readonly SubsidyProgramVersion[];

  constructor(versions: readonly SubsidyProgramVersion[]) {
    this.#versions = versions;
  }

  /** Every version, in the order they were added (a later one wins among versions starting the same year). */
  get versions(): readonly SubsidyProgramVersion[] {
    return this.#versions;
  }

  programIds(): readonly string[] {
    return [...new Set(this.versions.map((v) => v.programId))];
  }

  versionsOf(programId: string): readonly SubsidyProgramVersion[] {
    const versions = this.versions.filter((v) => v.programId === programId);
    if (versions.length === 0) {
      throw new DomainError('UNKNOWN_PROGRAM', {
        field: 'programId',
        value: programId,
        reason: 'no such programme in the catalogue',
        expected: `one of ${this.programIds().join(', ')}`,
      });
    }
    return [...versions].sort((a, b) => a.period.value.from - b.period.value.from);
  }

  /** One version by its id, superseded or not (a decided case keeps the version it was decided under). */
  versionById(programId: string, versionId: string): SubsidyProgramVersion {
    const version = this.versionsOf(programId).find((v) => v.versionId === versionId);
    if (!version) {
      throw new DomainError('RULE_NOT_IN_FORCE', {
        field: 'versionId',
        value: versionId,
        reason: `no version ${versionId} of ${programId} in the catalogue`,
        expected: `one of ${this.versionsOf(programId)
          .map((v) => v.versionId)
          .join(', ')}`,
      });
    }
    return version;
  }

  /** The latest-starting version whose period contains the fiscal year and that no correction superseded. */
  ruleAsOf(programId: string, fy: FiscalYear): SubsidyProgramVersion {
    const versions = this.versionsOf(programId);
    const superseded = new Set(versions.flatMap((v) => (v.supersedes ? [v.supersedes] : [])));
    const inForce = versions.filter((v) => isInForce(v, fy) && !superseded.has(v.versionId)).at(-1);
    if (!inForce) {
      throw new DomainError('RULE_NOT_IN_FORCE', {
        field: 'fiscalYear',
        value: fy,
        reason: `no version of ${programId} is in force in ${formatFiscalYearLabel(fy)}`,
        expected: versions.map(describePeriod).join(' or '),
      });
    }
    return inForce;
  }

  programsInForce(fy: FiscalYear): readonly SubsidyProgramVersion[] {
    return this.programIds().flatMap((id) => absentAsEmpty(() => [this.ruleAsOf(id, fy)]));
  }
}

function absentAsEmpty<T>(list: () => T[]): T[] {
  try {
    return list();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'RULE_NOT_IN_FORCE') return [];
    throw error;
  }
}

function describePeriod(version: SubsidyProgramVersion): string {
  const { from, until } = version.period.value;
  const end = until === undefined ? '' : formatFiscalYearLabel(until);
  return `${version.versionId}: ${formatFiscalYearLabel(from)}〜${end}`;
}

export function menuOf(version: SubsidyProgramVersion, menuId: string): ProgramMenu {
  const menu = version.menus.find((m) => m.menuId === menuId);
  if (!menu) {
    throw new DomainError('UNKNOWN_MENU', {
      field: 'menuId',
      value: menuId,
      reason: `no such menu in ${version.programId} ${version.versionId}`,
      expected: `one of ${version.menus.map((m) => m.menuId).join(', ')}`,
    });
  }
  return menu;
}

function entryFor<T>(
  entries: readonly ProgramYearRange<T>[],
  programYear: number,
  what: string,
  menu: ProgramMenu,
): ProgramYearRange<T> {
  const entry = entries.find((e) => inRange(e, programYear));
  if (!entry) {
    throw new DomainError('RULE_NOT_IN_FORCE', {
      field: 'programYear',
      value: programYear,
      reason: `menu ${menu.menuId} has no ${what} for programme year ${programYear}`,
      expected: entries
        .map((e) => `programme years ${e.fromProgramYear}–${e.toProgramYear ?? ''}`)
        .join(' or '),
    });
  }
  return entry;
}

export function baseAmountFor(menu: ProgramMenu, programYear: number): ProgramYearRange<BaseAmountRule> {
  return entryFor(menu.baseAmounts, programYear, 'base amount', menu);
}

export function subsidyRateFor(menu: ProgramMenu, programYear: number): ProgramYearRange<SubsidyRate> {
  return entryFor(menu.subsidyRates, programYear, 'subsidy rate', menu);
}
