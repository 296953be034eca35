export type DomainErrorCode =
  | 'INVALID_MONEY'
  | 'INVALID_SUBSIDY_RATE'
  | 'INVALID_FISCAL_YEAR'
  | 'INVALID_FISCAL_YEAR_LABEL'
  | 'INVALID_DATE_LABEL'
  | 'INVALID_AMOUNT_INPUT'
  | 'UNKNOWN_PROGRAM'
  | 'UNKNOWN_MENU'
  | 'RULE_NOT_IN_FORCE'
  | 'INVALID_CATALOGUE';

export interface DomainErrorDetails {
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
  readonly expected: string;
}

/**
 * Errors carry a stable code for callers and the details a caseworker needs to fix the input:
 * which field, what was given, why it was refused and what would have been accepted.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    readonly details: DomainErrorDetails,
  ) {
    super(
      `${code}: ${details.field} = ${JSON.stringify(details.value)}: ${details.reason} (expected ${details.expected})`,
    );
  }
}
