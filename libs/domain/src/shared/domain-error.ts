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
  | 'INVALID_CATALOGUE'
  // The recommendation → designation cycle
  | 'INVALID_DESIGNATION_CALENDAR'
  | 'INVALID_MUNICIPALITIES'
  | 'ROUND_NOT_OPEN'
  | 'ROUND_ALREADY_OPEN'
  | 'UNKNOWN_MUNICIPALITY'
  | 'OUT_OF_SCOPE'
  | 'DUPLICATE_RECOMMENDATION'
  | 'CONSULTATION_REQUIRED'
  | 'UNKNOWN_RECOMMENDATION'
  | 'NOTHING_TO_ACKNOWLEDGE'
  | 'RECOMMENDATION_NOT_PENDING'
  | 'BEFORE_DESIGNATION_CUTOFF'
  | 'BEFORE_RECOMMENDATION_DEADLINE'
  | 'NOT_DESIGNATED'
  | 'UNKNOWN_SURVEY'
  | 'NOT_SURVEYED'
  | 'HUB_SURVEY_NOT_ISSUED'
  | 'INVALID_SURVEY_ANSWER'
  | 'REASON_REQUIRED'
  // Commands against a stream: stages, roles and the four-eyes principle
  | 'ILLEGAL_TRANSITION'
  | 'ROLE_NOT_ALLOWED'
  | 'FOUR_EYES_VIOLATION'
  | 'INVALID_COMMAND_DATA'
  // The application lifecycle (交付申請から支払まで)
  | 'INVALID_APPLICATION'
  | 'OUTSIDE_APPLICATION_WINDOW'
  | 'ELIGIBILITY_FAILED'
  | 'PAYMENT_EXCEEDS_LIMIT'
  | 'DUPLICATE_PAYMENT'
  | 'GRANT_BELOW_PAID'
  | 'REFUND_EXCEEDS_ORDER'
  | 'NOT_SETTLED'
  | 'INVALID_PROGRAM_SCHEDULE'
  // Trainings
  | 'UNKNOWN_TRAINING_SESSION'
  | 'ALREADY_ENROLLED'
  | 'NOT_ENROLLED'
  | 'ENROLLMENT_NOT_ACTIVE'
  | 'SESSION_NOT_HELD_YET'
  | 'TRAINING_INCOMPLETE'
  // Multi-year grants
  | 'GRANT_NOT_STARTED'
  // A fiscal year's rules entered by the office
  | 'INVALID_RULE_DOCUMENT'
  | 'UNKNOWN_RULE_PROPOSAL'
  | 'RULE_PROPOSAL_NOT_PENDING'
  | 'RULE_VERSION_CONFLICT'
  // 在宅医療・介護連携推進事業: the municipal survey
  | 'INVALID_SURVEY_ROUND'
  | 'MUNICIPALITY_NOT_SURVEYED'
  | 'UNKNOWN_SURVEY_ITEM'
  | 'ANSWER_ALREADY_RECORDED';

export interface DomainErrorDetails {
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
  readonly expected: string;
  /** Every issue found, when a document is refused field by field (the first is also field/value/reason). */
  readonly errors?: readonly DomainErrorIssue[];
}

/** One refused value of a document: its path (`programs[0].menus[1].subsidyRates[0].value`), or line and column in a CSV. */
export interface DomainErrorIssue {
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
  readonly expected: string;
  readonly line?: number;
  readonly column?: number;
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
