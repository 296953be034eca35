import { DomainError } from './domain-error.ts';
import { type FiscalYear, fiscalYear } from './fiscal-year.ts';
import { toHalfWidth } from './full-width.ts';

export type EraName = '昭和' | '平成' | '令和';

interface Era {
  readonly name: EraName;
  readonly initial: 'S' | 'H' | 'R';
  /** Gregorian year of the era's first year (元年). */
  readonly firstYear: number;
  /** First fiscal year labelled in this era. */
  readonly firstFiscalYear: number;
  /** Last year number accepted when reading labels (平成31年度 still appears in documents of FY2019). */
  readonly lastAcceptedYear: number;
}

/**
 * A fiscal year is labelled with the era in force on its first day, except that FY2019 began under
 * 平成 (令和 started on 1 May 2019) and is nevertheless officially 令和元年度: the label follows the era
 * of most of the year. FY1989 began after 8 January 1989 and so is 平成元年度.
 */
const ERAS: readonly Era[] = [
  { name: '令和', initial: 'R', firstYear: 2019, firstFiscalYear: 2019, lastAcceptedYear: 9999 - 2018 },
  { name: '平成', initial: 'H', firstYear: 1989, firstFiscalYear: 1989, lastAcceptedYear: 31 },
  { name: '昭和', initial: 'S', firstYear: 1926, firstFiscalYear: 1927, lastAcceptedYear: 63 },
];

const EXPECTED_LABEL =
  'an era fiscal-year label such as "平成27年度", "令和元年度", "H27", "R7" (昭和2–63, 平成元–31, 令和元–), or "FY2015" / "2015年度"';

export interface EraYear {
  readonly era: EraName;
  readonly year: number;
}

function eraOfFiscalYear(fy: FiscalYear): Era {
  const era = ERAS.find((candidate) => fy >= candidate.firstFiscalYear);
  if (!era) {
    throw new DomainError('INVALID_FISCAL_YEAR', {
      field: 'fiscalYear',
      value: fy,
      reason: 'before the first supported era',
      expected: 'a fiscal year from FY1927 (昭和2年度)',
    });
  }
  return era;
}

export function toEraYear(fy: FiscalYear): EraYear {
  const era = eraOfFiscalYear(fy);
  return { era: era.name, year: fy - era.firstYear + 1 };
}

/** FY2015 → "平成27年度", FY2019 → "令和元年度". */
export function formatFiscalYearLabel(fy: FiscalYear): string {
  const { era, year } = toEraYear(fy);
  return `${era}${year === 1 ? '元' : year}年度`;
}

/** FY2015 → "H27", FY2019 → "R1". */
export function formatShortFiscalYearLabel(fy: FiscalYear): string {
  const era = eraOfFiscalYear(fy);
  return `${era.initial}${fy - era.firstYear + 1}`;
}

function invalidLabel(label: string, reason: string): DomainError {
  return new DomainError('INVALID_FISCAL_YEAR_LABEL', {
    field: 'fiscalYearLabel',
    value: label,
    reason,
    expected: EXPECTED_LABEL,
  });
}

const ERA_LABEL = /^(昭和|平成|令和|[SHRshr])\s*(元|\d{1,4})\s*(?:年度?)?$/;
const GREGORIAN_LABEL = /^(?:FY\s*)?(\d{4})\s*(?:年度)?$/i;

function fromEraLabel(label: string, eraText: string, yearText: string): FiscalYear {
  const era = ERAS.find(
    (candidate) => candidate.name === eraText || candidate.initial === eraText.toUpperCase(),
  );
  if (!era) throw invalidLabel(label, `unknown era "${eraText}"`);
  const year = yearText === '元' ? 1 : Number(yearText);
  const fy = era.firstYear + year - 1;
  if (year < 1 || year > era.lastAcceptedYear || fy < era.firstFiscalYear) {
    throw invalidLabel(label, `${era.name} has no fiscal year ${yearText}`);
  }
  return fiscalYear(fy);
}

/** Reads "平成27年度", "平成２７年度", "H27", "ｈ２７" (full-width digits), "令和元年度", "FY2015", "2015年度". */
export function parseFiscalYearLabel(label: string): FiscalYear {
  const text = toHalfWidth(label).trim();
  const eraMatch = ERA_LABEL.exec(text);
  if (eraMatch?.[1] && eraMatch[2]) return fromEraLabel(label, eraMatch[1], eraMatch[2]);
  const gregorianMatch = GREGORIAN_LABEL.exec(text);
  if (gregorianMatch?.[1]) {
    const year = Number(gregorianMatch[1]);
    if (year < 1927) throw invalidLabel(label, 'before the first supported era');
    return fiscalYear(year, 'fiscalYearLabel');
  }
  throw invalidLabel(label, 'not a fiscal-year label');
}
