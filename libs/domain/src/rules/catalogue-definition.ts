import type { BaseAmountUnit } from './base-amount.ts';
import type { RecipientKind } from './programme-catalogue.ts';
import type { SeedCitation } from './seed-citation.ts';

/**
 * The catalogue as it is written down: JSON-friendly, amounts in 千円 as the seeds state them, rates as
 * "n/d", fiscal years as labels ("平成27年度", "H27", "FY2015"). The typed seed file and a JSON file
 * for a new fiscal year share this shape and go through the same validation.
 */
export type BaseAmountDefinition =
  | { readonly kind: 'perUnit'; readonly thousandYen: number; readonly unit: BaseAmountUnit }
  | { readonly kind: 'perPerson'; readonly thousandYenPerPerson: number; readonly maxPersons: number }
  | {
      readonly kind: 'perPersonPerMonth';
      readonly thousandYenPerPersonMonth: number;
      readonly monthlyCapThousandYen: number;
    };

export interface CitedDefinition<T> {
  readonly value: T;
  readonly source: SeedCitation;
}

export interface ProgramYearRangeDefinition<T> extends CitedDefinition<T> {
  readonly fromProgramYear: number;
  readonly toProgramYear?: number;
}

export interface ProgramMenuDefinition {
  readonly menuId: string;
  readonly name: { readonly ja: string; readonly en: string };
  readonly recipientKind?: RecipientKind;
  readonly baseAmounts: readonly ProgramYearRangeDefinition<BaseAmountDefinition>[];
  readonly subsidyRates: readonly ProgramYearRangeDefinition<string>[];
}

export interface ProgramVersionDefinition {
  readonly programId: string;
  readonly versionId: string;
  readonly name: { readonly ja: string; readonly en: string };
  readonly period: CitedDefinition<{ readonly from: string; readonly until?: string }>;
  readonly recipientKinds: CitedDefinition<readonly RecipientKind[]>;
  readonly subsidyMethod?: CitedDefinition<'direct' | 'indirect'>;
  readonly maxProgramYears?: CitedDefinition<number>;
  readonly trainingToApplicationOffset?: CitedDefinition<number>;
  readonly bedLimit?: CitedDefinition<number>;
  readonly menus: readonly ProgramMenuDefinition[];
  readonly notes?: readonly { readonly ja: string; readonly en: string; readonly source: SeedCitation }[];
}

export interface CatalogueDefinition {
  readonly programs: readonly ProgramVersionDefinition[];
}
