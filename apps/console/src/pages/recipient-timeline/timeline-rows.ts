import type { Schemas } from '../../api/client.ts';

type Year = Schemas['RecipientTimelineDto']['timeline']['years'][number];

/** One fiscal year as the chart and the table show it: the amounts summed over the year's cases. */
export interface YearRow {
  readonly year: Year;
  readonly programYear: number | undefined;
  readonly rates: readonly string[];
  readonly previousRate: string | undefined;
  readonly granted: number | null;
  readonly confirmed: number | null;
  readonly paid: number;
  readonly window: { opens: string; closes: string } | undefined;
}

const sum = (values: readonly (number | undefined)[]): number | null =>
  values.some((v) => v !== undefined) ? values.reduce<number>((total, v) => total + (v ?? 0), 0) : null;

/** The rates in force in the year: the grants' records, else the cases', else the rule's menus. */
export function yearRowOf(year: Year): YearRow {
  const fromGrants = (year.grants ?? []).map((g) => g.subsidyRate);
  const fromCases = year.applications.flatMap((a) => (a.subsidyRate ? [a.subsidyRate] : []));
  const fromRule = (year.rule?.menus ?? []).map((m) => m.subsidyRate);
  const rates = [...new Set(fromGrants.length ? fromGrants : fromCases.length ? fromCases : fromRule)];
  const grantWindow = year.grants?.[0]?.applicationWindow;
  return {
    year,
    programYear: year.programYear ?? year.applications[0]?.programYear ?? year.rule?.programYear,
    rates,
    previousRate: year.grants?.find((g) => g.rateChanged)?.previousSubsidyRate,
    granted: sum(year.applications.map((a) => a.grantedAmount)),
    confirmed: sum(year.applications.map((a) => a.confirmedAmount)),
    paid: year.applications.reduce((total, a) => total + a.paid, 0),
    window: year.applicationOpens ?? grantWindow,
  };
}

/** "1/2" → 50 (percent); undefined for what is not a fraction. */
export function percentOf(rate: string | undefined): number | null {
  const match = rate ? /^(\d+)\s*\/\s*(\d+)$/.exec(rate) : null;
  return match && Number(match[2]) > 0 ? (100 * Number(match[1])) / Number(match[2]) : null;
}
