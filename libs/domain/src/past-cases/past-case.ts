import type { ApplicationAmountsInput, ApplicationRef } from '../applications/application-terms.ts';
import type { ReviewFacts } from '../applications/application-commands.ts';
import { RECIPIENT_LABELS } from '../rules/eligibility/common-checks.ts';
import { RECIPIENT_KINDS, type RecipientKind } from '../rules/programme-catalogue.ts';
import type { BaseAmountQuantity } from '../rules/base-amount.ts';
import { DomainError, type DomainErrorIssue } from '../shared/domain-error.ts';
import { csvHeaderIssues } from '../shared/csv-header-issues.ts';
import { calendarDate, formatCalendarDate } from '../shared/calendar-date.ts';
import { parseFiscalYearLabel } from '../shared/era.ts';
import { toHalfWidth } from '../shared/full-width.ts';
import type { CsvRow } from '../fiscal-year-rules/fiscal-year-rules-csv.ts';
import {
  PAST_CASE_COLUMNS,
  PAST_CASE_DECISIONS,
  REQUIRED_PAST_CASE_COLUMNS,
  type PastCaseColumn,
  type PastCaseDecision,
} from './past-case-columns.ts';

/** One stage of a past case: when (a Tokyo date, YYYY-MM-DD) and by whom (a pseudonymous staff id). */
export interface PastCaseStage {
  readonly on: string;
  readonly actorId: string;
}

/** A case of a past year as one row of the file states it, checked cell by cell. */
export interface PastCase {
  readonly line: number;
  readonly ref: ApplicationRef;
  readonly amounts: ApplicationAmountsInput;
  readonly drafted: PastCaseStage;
  readonly submitted: PastCaseStage;
  readonly review?: PastCaseStage & { readonly facts: ReviewFacts };
  readonly decision?: PastCaseStage & {
    readonly kind: PastCaseDecision;
    readonly reason?: string;
    /** 交付決定額 as the ledger states it: checked against the amount the rules give. */
    readonly grantedAmount?: number;
  };
  readonly advancePayment?: PastCaseStage & { readonly amount: number };
  readonly report?: PastCaseStage & { readonly actualExpenditure: number; readonly otherIncome: number };
  readonly confirmation?: PastCaseStage & { readonly confirmedAmount?: number };
  readonly settlement?: PastCaseStage & { readonly amount: number };
  readonly refund?: PastCaseStage & { readonly amount: number };
  readonly closed?: PastCaseStage;
  /** 出典: where the case was read from (紙台帳 p.12). */
  readonly note?: string;
}

/** The stage dates in the order a case goes through them: none may be before an earlier one. */
const DATE_ORDER: readonly PastCaseColumn[] = [
  'draftedOn',
  'submittedOn',
  'reviewedOn',
  'decidedOn',
  'advancePaidOn',
  'reportedOn',
  'confirmedOn',
  'settlementPaidOn',
  'refundedOn',
  'closedOn',
];

const KNOWN_HEADERS = new Map<string, PastCaseColumn>(
  Object.entries(PAST_CASE_COLUMNS).map(([key, header]) => [header, key as PastCaseColumn]),
);
const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const ERA_DATE = /^(平成|令和|[HRhr])\s*(元|\d{1,2})\s*[年.]\s*(\d{1,2})\s*[月.]\s*(\d{1,2})\s*日?$/;
const ERA_FIRST_YEAR: Readonly<Record<string, number>> = { 平成: 1989, H: 1989, 令和: 2019, R: 2019 };

/** The header row's problems: unknown columns, a column twice, a required column missing. Line 1. */
export function pastCaseHeaderIssues(header: readonly string[]): DomainErrorIssue[] {
  const required = REQUIRED_PAST_CASE_COLUMNS.map((key) => PAST_CASE_COLUMNS[key]);
  const issues = csvHeaderIssues(header, Object.values(PAST_CASE_COLUMNS), required);
  header.forEach((name, i) => {
    if (KNOWN_HEADERS.has(name) && header.indexOf(name) !== i)
      issues.push({
        field: name,
        value: name,
        reason: 'the column appears twice',
        expected: 'each column once',
        line: 1,
        column: i + 1,
      });
  });
  return issues;
}

/** Reads one row's cells by column, recording each problem with its line and column. */
class CellReader {
  readonly issues: DomainErrorIssue[] = [];

  constructor(
    private readonly header: readonly string[],
    private readonly row: CsvRow,
  ) {}

  fail(key: PastCaseColumn, value: unknown, reason: string, expected: string): undefined {
    const name = PAST_CASE_COLUMNS[key];
    const index = this.header.indexOf(name);
    this.issues.push({
      field: name,
      value,
      reason,
      expected,
      line: this.row.line,
      column: index < 0 ? this.header.length + 1 : index + 1,
    });
    return undefined;
  }

  /** The cell's text, trimmed; '' when the column is absent or the cell empty. */
  raw(key: PastCaseColumn): string {
    return (this.row.cells[PAST_CASE_COLUMNS[key]] ?? '').trim();
  }

  has(key: PastCaseColumn): boolean {
    return this.raw(key) !== '';
  }

  text(key: PastCaseColumn): string | undefined {
    const value = this.raw(key);
    return value === '' ? this.fail(key, value, 'empty', 'a value') : value;
  }

  id(key: PastCaseColumn): string | undefined {
    const value = toHalfWidth(this.raw(key));
    return CLIENT_ID.test(value)
      ? value
      : this.fail(
          key,
          value,
          'not an id',
          '1–64 ASCII letters, digits, ".", "_" or "-", starting alphanumeric',
        );
  }

  integer(key: PastCaseColumn, min: number): number | undefined {
    const value = toHalfWidth(this.raw(key)).replace(/[,，]/g, '').replace(/円$/, '').trim();
    const n = Number(value);
    return /^-?\d+$/.test(value) && Number.isSafeInteger(n) && n >= min
      ? n
      : this.fail(
          key,
          this.raw(key),
          'not a whole number',
          `an integer ≥ ${min} (yen: 1,234,000 or 1234000)`,
        );
  }

  optionalInteger(key: PastCaseColumn, min: number): number | undefined {
    return this.has(key) ? this.integer(key, min) : undefined;
  }

  /** A date as YYYY-MM-DD, YYYY/M/D or 和暦 (平成28年5月10日, H28.5.10). */
  date(key: PastCaseColumn): string | undefined {
    const value = toHalfWidth(this.raw(key));
    const iso = ISO_DATE.exec(value);
    const era = ERA_DATE.exec(value);
    const parts = iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : era
        ? [
            ERA_FIRST_YEAR[era[1]!.toUpperCase()]! + (era[2] === '元' ? 1 : Number(era[2])) - 1,
            Number(era[3]),
            Number(era[4]),
          ]
        : undefined;
    try {
      if (parts) return formatCalendarDate(calendarDate(parts[0]!, parts[1]!, parts[2]!));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    return this.fail(
      key,
      this.raw(key),
      'not a date',
      'a date such as 2016-05-10, 2016/5/10 or 平成28年5月10日',
    );
  }

  optionalDate(key: PastCaseColumn): string | undefined {
    return this.has(key) ? this.date(key) : undefined;
  }

  fiscalYear(key: PastCaseColumn): number | undefined {
    try {
      return parseFiscalYearLabel(this.raw(key));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.fail(key, this.raw(key), error.details.reason, error.details.expected);
    }
  }

  /** Both cells or neither: a date without its amount (or actor) is an error at the missing one. */
  requires(given: PastCaseColumn, needed: PastCaseColumn): boolean {
    if (this.has(given) && !this.has(needed)) {
      this.fail(needed, '', `required with ${PAST_CASE_COLUMNS[given]}`, 'a value');
      return false;
    }
    return true;
  }
}

function quantityOf(cells: CellReader): BaseAmountQuantity {
  const units = cells.optionalInteger('units', 0);
  const persons = cells.optionalInteger('persons', 0);
  let personsPerMonth: number[] | undefined;
  if (cells.has('personsPerMonth')) {
    const parts = toHalfWidth(cells.raw('personsPerMonth'))
      .split('|')
      .map((p) => p.trim());
    personsPerMonth = parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : undefined;
    if (!personsPerMonth)
      cells.fail(
        'personsPerMonth',
        cells.raw('personsPerMonth'),
        'not a list of whole numbers',
        'persons per month separated by "|": 3|4|4',
      );
  }
  return {
    ...(units === undefined ? {} : { units }),
    ...(persons === undefined ? {} : { persons }),
    ...(personsPerMonth === undefined ? {} : { personsPerMonth }),
  };
}

function reviewFactsOf(cells: CellReader, kind: RecipientKind): ReviewFacts {
  let extra: Partial<ReviewFacts> = {};
  if (cells.has('reviewFacts')) {
    try {
      const parsed: unknown = JSON.parse(cells.raw('reviewFacts'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new SyntaxError('not an object');
      extra = parsed as Partial<ReviewFacts>;
    } catch {
      cells.fail(
        'reviewFacts',
        cells.raw('reviewFacts'),
        'not a JSON object',
        'the review facts as JSON, e.g. {"dischargeSupportStandard":{"metThisFiscalYear":true,"metBeforeFirstProgramYear":false}}',
      );
    }
  }
  const beds = cells.optionalInteger('beds', 0);
  return {
    ...extra,
    applicant: { kind, ...(beds === undefined ? {} : { beds }), ...extra.applicant },
  };
}

function checkDateOrder(cells: CellReader, dates: ReadonlyMap<PastCaseColumn, string>): void {
  let latest: { key: PastCaseColumn; on: string } | undefined;
  for (const key of DATE_ORDER) {
    const on = dates.get(key);
    if (on === undefined) continue;
    if (latest && on < latest.on)
      cells.fail(
        key,
        on,
        `before ${PAST_CASE_COLUMNS[latest.key]} ${latest.on}`,
        `a date on or after ${latest.on}`,
      );
    else latest = { key, on };
  }
}

/**
 * One data row as a past case, or every problem of the row with its line and column (in the shape of
 * the rules import's errors: field, value, reason, expected, line, column). Whether the rules accept the
 * case is decided later, by the application's decider (decidePastCase).
 */
export function parsePastCase(
  header: readonly string[],
  row: CsvRow,
): { readonly pastCase?: PastCase; readonly issues: readonly DomainErrorIssue[] } {
  const cells = new CellReader(header, row);
  const kindText = cells.raw('recipientKind');
  const kind =
    RECIPIENT_KINDS.find((k) => k === kindText || RECIPIENT_LABELS[k] === kindText) ??
    cells.fail(
      'recipientKind',
      kindText,
      'unknown recipient kind',
      `one of ${RECIPIENT_KINDS.map((k) => `${k} (${RECIPIENT_LABELS[k]})`).join(', ')}`,
    );
  const applicationId = cells.id('applicationId');
  const programId = cells.text('programId');
  const menuId = cells.text('menuId');
  const fiscalYear = cells.fiscalYear('fiscalYear');
  const programYear = cells.has('programYear') ? cells.integer('programYear', 1) : 1;
  const recipientId = cells.id('recipientId');
  const municipalityCode = cells.text('municipalityCode');
  const plannedExpenditure = cells.integer('plannedExpenditure', 0);
  const otherIncome = cells.optionalInteger('otherIncome', 0) ?? 0;
  const quantity = quantityOf(cells);
  const applicant = cells.id('applicant');
  const submittedOn = cells.date('submittedOn');
  const draftedOn = cells.optionalDate('draftedOn') ?? submittedOn;

  const dates = new Map<PastCaseColumn, string>();
  const stage = (dateKey: PastCaseColumn, actorKey?: PastCaseColumn, fallbackActor?: string) => {
    if (!cells.has(dateKey)) return undefined;
    const on = cells.date(dateKey);
    if (on !== undefined) dates.set(dateKey, on);
    const actorId = actorKey && cells.has(actorKey) ? cells.id(actorKey) : fallbackActor;
    if (actorId === undefined && actorKey)
      cells.fail(actorKey, '', `required with ${PAST_CASE_COLUMNS[dateKey]}`, 'a staff id');
    return on === undefined || actorId === undefined ? undefined : { on, actorId };
  };
  const money = (dateKey: PastCaseColumn, amountKey: PastCaseColumn, min: number) =>
    cells.requires(dateKey, amountKey) && cells.requires(amountKey, dateKey) && cells.has(amountKey)
      ? cells.integer(amountKey, min)
      : undefined;

  if (draftedOn !== undefined) dates.set('draftedOn', draftedOn);
  if (submittedOn !== undefined) dates.set('submittedOn', submittedOn);
  const reviewer = stage('reviewedOn', 'reviewer');
  const facts = kind === undefined ? undefined : reviewFactsOf(cells, kind);

  let decision: PastCase['decision'];
  if (cells.requires('decision', 'decidedOn') && cells.has('decision')) {
    const text = cells.raw('decision');
    const decided = PAST_CASE_DECISIONS[text as keyof typeof PAST_CASE_DECISIONS];
    if (!decided)
      cells.fail(
        'decision',
        text,
        'unknown decision',
        `one of ${Object.keys(PAST_CASE_DECISIONS).join(', ')}`,
      );
    // 取下げ is the applicant's; 交付 and 不交付 the approver's.
    const decidedStage =
      decided === 'withdrawn' ? stage('decidedOn', undefined, applicant) : stage('decidedOn', 'approver');
    const reason = cells.raw('decisionReason');
    if (decided && decided !== 'granted' && reason === '')
      cells.fail('decisionReason', '', `a ${text} states its reason`, 'the reason given to the applicant');
    const grantedAmount = decided === 'granted' ? cells.optionalInteger('grantedAmount', 0) : undefined;
    if (decided && decidedStage)
      decision = {
        ...decidedStage,
        kind: decided,
        ...(reason === '' ? {} : { reason }),
        ...(grantedAmount === undefined ? {} : { grantedAmount }),
      };
  } else if (cells.has('decidedOn')) cells.requires('decidedOn', 'decision');

  const clerk = cells.has('clerk') ? cells.id('clerk') : reviewer?.actorId;
  const office = (dateKey: PastCaseColumn) => {
    if (cells.has(dateKey) && clerk === undefined && !cells.has('clerk'))
      cells.fail(
        'clerk',
        '',
        `required with ${PAST_CASE_COLUMNS[dateKey]} when there is no 審査者`,
        'a staff id',
      );
    return stage(dateKey, undefined, clerk);
  };
  const advanceAmount = money('advancePaidOn', 'advancePaid', 1);
  const advance = office('advancePaidOn');
  const actualExpenditure =
    cells.requires('reportedOn', 'actualExpenditure') && cells.has('reportedOn')
      ? cells.integer('actualExpenditure', 0)
      : undefined;
  const actualOtherIncome = cells.optionalInteger('actualOtherIncome', 0) ?? 0;
  const reported = stage('reportedOn', undefined, applicant);
  const confirmed = stage('confirmedOn', 'confirmer');
  const confirmedAmount = cells.has('confirmedOn') ? cells.optionalInteger('confirmedAmount', 0) : undefined;
  const settlementAmount = money('settlementPaidOn', 'settlementPaid', 1);
  const settlement = office('settlementPaidOn');
  const refundAmount = money('refundedOn', 'refunded', 1);
  const refund = office('refundedOn');
  const closed = office('closedOn');
  checkDateOrder(cells, dates);

  if (cells.issues.length > 0) return { issues: cells.issues };
  const note = cells.raw('note');
  const pastCase: PastCase = {
    line: row.line,
    ref: {
      applicationId: applicationId!,
      programId: programId!,
      menuId: menuId!,
      fiscalYear: fiscalYear!,
      programYear: programYear!,
      recipient: { kind: kind!, id: recipientId!, municipalityCode: municipalityCode! },
    },
    amounts: { quantity, plannedExpenditure: plannedExpenditure!, otherIncome },
    drafted: { on: draftedOn!, actorId: applicant! },
    submitted: { on: submittedOn!, actorId: applicant! },
    ...(reviewer ? { review: { ...reviewer, facts: facts! } } : {}),
    ...(decision ? { decision } : {}),
    ...(advance && advanceAmount !== undefined
      ? { advancePayment: { ...advance, amount: advanceAmount } }
      : {}),
    ...(reported && actualExpenditure !== undefined
      ? { report: { ...reported, actualExpenditure, otherIncome: actualOtherIncome } }
      : {}),
    ...(confirmed
      ? { confirmation: { ...confirmed, ...(confirmedAmount === undefined ? {} : { confirmedAmount }) } }
      : {}),
    ...(settlement && settlementAmount !== undefined
      ? { settlement: { ...settlement, amount: settlementAmount } }
      : {}),
    ...(refund && refundAmount !== undefined ? { refund: { ...refund, amount: refundAmount } } : {}),
    ...(closed ? { closed } : {}),
    ...(note === '' ? {} : { note }),
  };
  return { pastCase, issues: [] };
}
