import type { DomainErrorCode } from './domain-error.ts';

/**
 * How a refusal should reach a caller, so that the API maps codes without guessing:
 * - conflict: the request does not fit the stream's current state (its stage, or something already
 *   recorded); the same request may be right at another moment. HTTP 409.
 * - forbidden: this actor may not do this, whatever the input (role, scope, four-eyes). HTTP 403.
 * - invalid: a document sent as data (a fiscal year's rules) fails its validation field by field; the
 *   body lists every issue (`errors`). HTTP 400, like a request body that fails the api's own checks.
 * - unprocessable: the request is well-formed but the rules refuse its content (amounts, deadlines,
 *   eligibility, missing reason). HTTP 422.
 */
export type DomainErrorClass = 'invalid' | 'conflict' | 'forbidden' | 'unprocessable';

export const DOMAIN_ERROR_CLASSES: Readonly<Record<DomainErrorCode, DomainErrorClass>> = {
  INVALID_MONEY: 'unprocessable',
  INVALID_SUBSIDY_RATE: 'unprocessable',
  INVALID_FISCAL_YEAR: 'unprocessable',
  INVALID_FISCAL_YEAR_LABEL: 'unprocessable',
  INVALID_DATE_LABEL: 'unprocessable',
  INVALID_AMOUNT_INPUT: 'unprocessable',
  UNKNOWN_PROGRAM: 'unprocessable',
  UNKNOWN_MENU: 'unprocessable',
  RULE_NOT_IN_FORCE: 'unprocessable',
  INVALID_CATALOGUE: 'unprocessable',
  INVALID_DESIGNATION_CALENDAR: 'unprocessable',
  INVALID_MUNICIPALITIES: 'unprocessable',
  ROUND_NOT_OPEN: 'conflict',
  ROUND_ALREADY_OPEN: 'conflict',
  UNKNOWN_MUNICIPALITY: 'unprocessable',
  OUT_OF_SCOPE: 'forbidden',
  DUPLICATE_RECOMMENDATION: 'conflict',
  CONSULTATION_REQUIRED: 'unprocessable',
  UNKNOWN_RECOMMENDATION: 'unprocessable',
  NOTHING_TO_ACKNOWLEDGE: 'conflict',
  RECOMMENDATION_NOT_PENDING: 'conflict',
  BEFORE_DESIGNATION_CUTOFF: 'unprocessable',
  BEFORE_RECOMMENDATION_DEADLINE: 'unprocessable',
  NOT_DESIGNATED: 'unprocessable',
  UNKNOWN_SURVEY: 'unprocessable',
  NOT_SURVEYED: 'unprocessable',
  HUB_SURVEY_NOT_ISSUED: 'conflict',
  INVALID_SURVEY_ANSWER: 'unprocessable',
  REASON_REQUIRED: 'unprocessable',
  GRANT_NOT_STARTED: 'conflict',
  ILLEGAL_TRANSITION: 'conflict',
  ROLE_NOT_ALLOWED: 'forbidden',
  FOUR_EYES_VIOLATION: 'forbidden',
  INVALID_COMMAND_DATA: 'unprocessable',
  INVALID_APPLICATION: 'unprocessable',
  OUTSIDE_APPLICATION_WINDOW: 'unprocessable',
  ELIGIBILITY_FAILED: 'unprocessable',
  PAYMENT_EXCEEDS_LIMIT: 'unprocessable',
  DUPLICATE_PAYMENT: 'conflict',
  GRANT_BELOW_PAID: 'unprocessable',
  REFUND_EXCEEDS_ORDER: 'unprocessable',
  NOT_SETTLED: 'unprocessable',
  INVALID_PROGRAM_SCHEDULE: 'unprocessable',
  UNKNOWN_TRAINING_SESSION: 'unprocessable',
  ALREADY_ENROLLED: 'conflict',
  NOT_ENROLLED: 'unprocessable',
  ENROLLMENT_NOT_ACTIVE: 'conflict',
  SESSION_NOT_HELD_YET: 'unprocessable',
  TRAINING_INCOMPLETE: 'unprocessable',
  INVALID_RULE_DOCUMENT: 'invalid',
  UNKNOWN_RULE_PROPOSAL: 'unprocessable',
  RULE_PROPOSAL_NOT_PENDING: 'conflict',
  RULE_VERSION_CONFLICT: 'conflict',
  INVALID_SURVEY_ROUND: 'invalid',
  MUNICIPALITY_NOT_SURVEYED: 'invalid',
  UNKNOWN_SURVEY_ITEM: 'invalid',
  ANSWER_ALREADY_RECORDED: 'conflict',
};

export const HTTP_STATUS_OF_ERROR_CLASS: Readonly<Record<DomainErrorClass, number>> = {
  invalid: 400,
  conflict: 409,
  forbidden: 403,
  unprocessable: 422,
};

/** The class of a code; a code unknown to this table (a newer domain) is unprocessable. */
export function domainErrorClassOf(code: string): DomainErrorClass {
  return (
    (DOMAIN_ERROR_CLASSES as Readonly<Record<string, DomainErrorClass | undefined>>)[code] ?? 'unprocessable'
  );
}
