import type { ApplicationCommand } from '../applications/application-commands.ts';
import type { ApplicationEvent } from '../applications/application-events.ts';
import type {
  PriorParticipationFact,
  TrainingCompletionFact,
} from '../rules/eligibility/eligibility-facts.ts';
import type { Decider } from '../shared/decider.ts';
import { DomainError, type DomainErrorIssue } from '../shared/domain-error.ts';
import { formatYen, yen } from '../shared/money.ts';
import { PAST_CASE_COLUMNS, type PastCaseColumn } from './past-case-columns.ts';
import { pastCaseCommands } from './past-case-commands.ts';
import type { PastCase } from './past-case.ts';

/** What a review looks up about the recipient (the gateway's lookups by key), given to the decision. */
export interface PastCaseLookups {
  readonly staffTrainingCompletions: readonly TrainingCompletionFact[];
  readonly priorParticipation: readonly PriorParticipationFact[];
}

/** One decided event of a past case: the column it came from and the state it leaves (for its tags). */
export interface PastCaseEvent<State> {
  readonly event: ApplicationEvent;
  readonly column: PastCaseColumn;
  readonly command: ApplicationCommand;
  readonly stateAfter: State;
}

/** A refusal of the draft names the term refused: its own column. */
const DRAFT_FIELD_COLUMNS: Readonly<Record<string, PastCaseColumn>> = {
  applicationId: 'applicationId',
  programId: 'programId',
  versionId: 'fiscalYear',
  menuId: 'menuId',
  fiscalYear: 'fiscalYear',
  programYear: 'programYear',
  'recipient.kind': 'recipientKind',
  'recipient.id': 'recipientId',
  'recipient.municipalityCode': 'municipalityCode',
  plannedExpenditure: 'plannedExpenditure',
  otherIncome: 'otherIncome',
  units: 'units',
  persons: 'persons',
  personsPerMonth: 'personsPerMonth',
};

/** A refused amount of a money movement is its amount's cell. */
const AMOUNT_COLUMNS: Partial<Record<PastCaseColumn, PastCaseColumn>> = {
  advancePaidOn: 'advancePaid',
  settlementPaidOn: 'settlementPaid',
  refundedOn: 'refunded',
  reportedOn: 'actualExpenditure',
};

function issueAt(
  header: readonly string[],
  line: number,
  key: PastCaseColumn,
  details: Omit<DomainErrorIssue, 'field' | 'line' | 'column'>,
): DomainErrorIssue {
  const name = PAST_CASE_COLUMNS[key];
  const index = header.indexOf(name);
  return { field: name, ...details, line, column: index < 0 ? header.length + 1 : index + 1 };
}

function columnOfRefusal(step: PastCaseColumn, field: string): PastCaseColumn {
  if (step === 'draftedOn')
    return DRAFT_FIELD_COLUMNS[field] ?? DRAFT_FIELD_COLUMNS[field.replace(/^quantity\./, '')] ?? step;
  if (field === 'amount') return AMOUNT_COLUMNS[step] ?? step;
  return step;
}

/**
 * A past case through the application's decider, command after command from the empty stream: the
 * events a live case would have, decided on the rules of its fiscal year with the original dates and
 * actors. A refusal is an issue at the cell it came from (the stage's date, or the term refused); an
 * amount the ledger states (交付決定額, 確定額) that the rules do not give is one too.
 */
export function decidePastCase<State>(
  decider: Decider<ApplicationCommand, State, ApplicationEvent>,
  pastCase: PastCase,
  header: readonly string[],
  lookups: PastCaseLookups,
): { readonly events?: readonly PastCaseEvent<State>[]; readonly issues: readonly DomainErrorIssue[] } {
  const events: PastCaseEvent<State>[] = [];
  let state = decider.initialState;
  for (const { column, command: given } of pastCaseCommands(pastCase)) {
    const command: ApplicationCommand =
      given.type === 'StartReview'
        ? { ...given, data: { ...given.data, facts: { ...given.data.facts, ...lookups } } }
        : given;
    let decided: readonly ApplicationEvent[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const { field, value, reason, expected } = error.details;
      const issue = { value, reason: `${error.code}: ${field}: ${reason}`, expected };
      return { issues: [issueAt(header, pastCase.line, columnOfRefusal(column, field), issue)] };
    }
    for (const event of decided) {
      state = decider.evolve(state, event);
      events.push({ event, column, command, stateAfter: state });
    }
  }
  const issues = statedAmountIssues(pastCase, events, header);
  return issues.length > 0 ? { issues } : { events, issues };
}

function statedAmountIssues(
  pastCase: PastCase,
  events: readonly PastCaseEvent<unknown>[],
  header: readonly string[],
): DomainErrorIssue[] {
  const issues: DomainErrorIssue[] = [];
  const check = (key: PastCaseColumn, stated: number | undefined, decided: number | undefined) => {
    if (stated === undefined || decided === undefined || stated === decided) return;
    issues.push(
      issueAt(header, pastCase.line, key, {
        value: stated,
        reason: `the rules of the fiscal year give ${formatYen(yen(decided))}`,
        expected: `${decided} (or leave the cell empty)`,
      }),
    );
  };
  for (const { event } of events) {
    if (event.type === 'GrantDecided')
      check('grantedAmount', pastCase.decision?.grantedAmount, event.data.grant.amount);
    if (event.type === 'AmountConfirmed')
      check('confirmedAmount', pastCase.confirmation?.confirmedAmount, event.data.confirmedAmount);
  }
  return issues;
}
