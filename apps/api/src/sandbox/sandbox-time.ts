import { fiscalYearOfInstant, formatCalendarDate, formatFiscalYearLabel, tokyoDateOf } from '#domain';

/** The sandbox's day starts its office hours at 17:00 JST: that day's jobs (00:00, 08:00, 09:00) have run. */
export const SANDBOX_TIME_OF_DAY = '17:00:00+09:00';

/** The instant the sandbox stands at on a Tokyo calendar day. */
export function sandboxInstant(date: string): Date {
  return new Date(`${date}T${SANDBOX_TIME_OF_DAY}`);
}

/** What the banner, /health and GET /sandbox say of the virtual clock. */
export interface SandboxStatus {
  readonly sandbox: true;
  /** The virtual instant (ISO 8601, UTC). */
  readonly now: string;
  /** Its Tokyo calendar day and fiscal year (令和/平成). */
  readonly date: string;
  readonly fiscalYear: number;
  readonly fiscalYearLabel: string;
}

export function sandboxStatus(now: Date): SandboxStatus {
  const fy = fiscalYearOfInstant(now);
  return {
    sandbox: true,
    now: now.toISOString(),
    date: formatCalendarDate(tokyoDateOf(now)),
    fiscalYear: fy,
    fiscalYearLabel: formatFiscalYearLabel(fy),
  };
}
