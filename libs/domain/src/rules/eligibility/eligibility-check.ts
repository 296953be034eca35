import type { LocalizedText } from '../../shared/localized-text.ts';
import type { SeedCitation } from '../seed-citation.ts';

export type CheckStatus = 'passed' | 'failed' | 'notApplicable';

/** One requirement, evaluated on the facts, with the reason a caseworker can read out to the applicant. */
export interface EligibilityCheck {
  readonly checkId: string;
  readonly status: CheckStatus;
  readonly reason: LocalizedText;
  readonly source?: SeedCitation;
}

export function passed(checkId: string, reason: LocalizedText, source?: SeedCitation): EligibilityCheck {
  return { checkId, status: 'passed', reason, ...(source ? { source } : {}) };
}

export function failed(checkId: string, reason: LocalizedText, source?: SeedCitation): EligibilityCheck {
  return { checkId, status: 'failed', reason, ...(source ? { source } : {}) };
}

export function notApplicable(checkId: string, reason: LocalizedText): EligibilityCheck {
  return { checkId, status: 'notApplicable', reason };
}

/** A requirement that is met or not: one reason for each outcome. */
export function requirement(
  checkId: string,
  met: boolean,
  whenMet: LocalizedText,
  whenNotMet: LocalizedText,
  source?: SeedCitation,
): EligibilityCheck {
  return met ? passed(checkId, whenMet, source) : failed(checkId, whenNotMet, source);
}
