import {
  decidePastCase,
  fiscalYear,
  parsePastCase,
  pastCaseHeaderIssues,
  PAST_CASE_COLUMNS,
  type ApplicationRules,
  type CsvRow,
  type DomainErrorIssue,
  type PastCase,
} from '#domain';
import type { EventStore, NewEvent, RecordedEvent } from '#event-store';
import { forEachConcurrently } from './for-each-concurrently.ts';
import { PastCaseFileLookups } from './past-case-file-lookups.ts';
import { deterministicId, eventMetadataOf } from '#platform';
import { eligibilityLookups } from '../applications/eligibility-lookups.ts';
import { workflowAggregates } from '../gateway/workflow-aggregates.ts';

/** A table read from a file (CSV or xlsx): the header row and each data row with its line. */
export interface PastCaseTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** The file the rows come from: its name (in every event's metadata) and a digest of its bytes. */
export interface PastCaseFile {
  readonly name: string;
  readonly sha256: string;
}

/** The events of one case, to append to its own stream after what is already stored of it. */
export interface PastCaseAppend {
  readonly line: number;
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  /** 'no_stream', or the revision of the stored prefix the row continues (a stage added later). */
  readonly expectedRevision: 'no_stream' | number;
}

export interface PastCaseImportPlan {
  /** Every problem of the file, with line and column; when there is any, nothing is to be written. */
  readonly issues: readonly DomainErrorIssue[];
  readonly appends: readonly PastCaseAppend[];
  readonly rows: number;
  /** Rows whose case is stored already with every event this import would write. */
  readonly alreadyImported: number;
}

export interface PastCaseImportOptions {
  /** Lookups in flight at once; the store's pool should hold as many connections. */
  readonly concurrency?: number;
  /**
   * Appends handed to the store at once (default 256). They do not each hold a connection: the
   * PostgreSQL store's group commit sends the appends waiting together as one statement, a few
   * statements at a time, so a large window is what lets it batch them.
   */
  readonly appendsInFlight?: number;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_APPENDS_IN_FLIGHT = 256;
/** More than a row's events (at most 11): what of a case's stream the plan compares. */
const MAX_EVENTS_READ = 64;
/** The decisions give the event loop back this often, so that the reads' answers are taken meanwhile. */
const YIELD_EVERY = 50;

/** The event id of a past case's event: from the row key (受付番号), the revision and the type. */
export function pastCaseEventId(applicationId: string, revision: number, type: string): string {
  return deterministicId('past-case-import', applicationId, revision, type);
}

function duplicateIssues(header: readonly string[], cases: readonly PastCase[]): DomainErrorIssue[] {
  const first = new Map<string, number>();
  const issues: DomainErrorIssue[] = [];
  const name = PAST_CASE_COLUMNS.applicationId;
  for (const c of cases) {
    const seen = first.get(c.ref.applicationId);
    if (seen === undefined) first.set(c.ref.applicationId, c.line);
    else
      issues.push({
        field: name,
        value: c.ref.applicationId,
        reason: `the same 受付番号 as line ${seen}`,
        expected: 'one row per case',
        line: c.line,
        column: header.indexOf(name) + 1,
      });
  }
  return issues;
}

/**
 * Validates every row and decides its events, writing nothing: each row is parsed cell by cell, run
 * through the application's decider (the same aggregate the command gateway runs: decider, schema
 * versions, tags) on the rules in force for its fiscal year, at its original dates, with the review's
 * lookups by key; then each case's stream is read to tell an import already done (the same event ids:
 * nothing to write) from a case of the same 受付番号 that this file did not write (an error). Rows are
 * decided in fiscal-year order, so a grant of an earlier year of the file counts for a later one.
 */
export async function planPastCaseImport(
  store: EventStore,
  rules: ApplicationRules,
  table: PastCaseTable,
  file: PastCaseFile,
  options: PastCaseImportOptions = {},
): Promise<PastCaseImportPlan> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const headerIssues = pastCaseHeaderIssues(table.header);
  if (headerIssues.length > 0)
    return { issues: headerIssues, appends: [], rows: table.rows.length, alreadyImported: 0 };
  const issues: DomainErrorIssue[] = [];
  const cases: PastCase[] = [];
  for (const row of table.rows) {
    const parsed = parsePastCase(table.header, row);
    issues.push(...parsed.issues);
    if (parsed.pastCase) cases.push(parsed.pastCase);
  }
  issues.push(...duplicateIssues(table.header, cases));

  const application = workflowAggregates(rules, eligibilityLookups(store)).application;
  // Every case's stream as stored, in one read (a query per thousand cases) while the rows are decided.
  const reading = store.readStreams(
    cases.map(({ ref }) => application.streamIdOf(ref.applicationId)),
    { maxCount: MAX_EVENTS_READ },
  );
  reading.catch(() => undefined); // awaited below; a failure surfaces there
  const lookups = new PastCaseFileLookups(store);
  await lookups.load([...new Set(cases.map((c) => c.ref.recipient.id))], concurrency);
  const correlationId = `import-${file.sha256.slice(0, 16)}`;
  const planned: PastCaseAppend[] = [];
  const ordered = [...cases].sort((a, b) => a.ref.fiscalYear - b.ref.fiscalYear || a.line - b.line);
  for (const [i, pastCase] of ordered.entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise(setImmediate); // let the reads go on
    const { recipient, applicationId } = pastCase.ref;
    const decided = decidePastCase(application.decider, pastCase, table.header, lookups.of(recipient.id));
    issues.push(...decided.issues);
    if (!decided.events) continue;
    const source = `${file.name}:${pastCase.line}${pastCase.note ? ` ${pastCase.note}` : ''}`;
    const events = decided.events.map(({ event, command, stateAfter }, revision): NewEvent => {
      if (event.type === 'GrantDecided')
        lookups.granted(recipient.id, {
          programId: event.data.programId,
          fiscalYear: fiscalYear(event.data.fiscalYear),
        });
      const tags = application.tagsOf?.(event, stateAfter) ?? [];
      return {
        id: pastCaseEventId(applicationId, revision, event.type),
        type: event.type,
        schemaVersion: application.schemaVersions?.[event.type] ?? 1,
        data: event.data,
        metadata: eventMetadataOf(command, { correlationId, source }),
        ...(tags.length > 0 ? { tags } : {}),
      };
    });
    planned.push({
      line: pastCase.line,
      streamId: application.streamIdOf(applicationId),
      events,
      expectedRevision: 'no_stream',
    });
  }
  const stored = await reading;
  if (issues.length > 0)
    return { issues: sortedIssues(issues), appends: [], rows: table.rows.length, alreadyImported: 0 };
  return withStoredPrefixes(stored, table.header, planned, table.rows.length);
}

function sortedIssues(issues: readonly DomainErrorIssue[]): DomainErrorIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Each case's stream as stored: empty (append all), the same events (already imported: nothing to
 * write; the case may have gone on live since, its later events are its own), a prefix of them (the
 * ledger added a stage since: append the rest after it), or other events (a case of the same 受付番号
 * that this import did not write: an error at 受付番号).
 */
function withStoredPrefixes(
  storedStreams: ReadonlyMap<string, readonly RecordedEvent[]>,
  header: readonly string[],
  planned: readonly PastCaseAppend[],
  rows: number,
): PastCaseImportPlan {
  const issues: DomainErrorIssue[] = [];
  const appends: PastCaseAppend[] = [];
  let alreadyImported = 0;
  const column = header.indexOf(PAST_CASE_COLUMNS.applicationId) + 1;
  for (const append of planned) {
    const stored = storedStreams.get(append.streamId) ?? [];
    const compared = Math.min(stored.length, append.events.length);
    const differs = stored.slice(0, compared).findIndex((event, i) => event.id !== append.events[i]!.id);
    if (differs >= 0) {
      issues.push({
        field: PAST_CASE_COLUMNS.applicationId,
        value: append.streamId,
        reason: `the case is stored with other events (revision ${differs}: ${stored[differs]!.type}, not written by this row)`,
        expected: 'a 受付番号 of no other case, or the row as it was imported',
        line: append.line,
        column,
      });
    } else if (stored.length >= append.events.length) alreadyImported += 1;
    else if (stored.length === 0) appends.push(append);
    else
      appends.push({
        ...append,
        events: append.events.slice(stored.length),
        expectedRevision: stored.length - 1,
      });
  }
  if (issues.length > 0) return { issues: sortedIssues(issues), appends: [], rows, alreadyImported: 0 };
  return { issues: [], appends, rows, alreadyImported };
}

export interface PastCaseImportResult {
  readonly cases: number;
  readonly events: number;
  /** Cases another run stored between the plan and the append (the store's idempotent retry). */
  readonly alreadyStored: number;
}

/**
 * Appends the planned cases: one atomic multi-event append per case, `appendsInFlight` cases at a
 * time (the PostgreSQL store commits the ones waiting together in one statement, each append checked
 * on its own: group-commit.ts), each with the expected revision the plan read (a writer that got in
 * between is a conflict, never overwritten). Re-running after a failure appends only what is missing:
 * the ids are the same.
 */
export async function appendPastCases(
  store: EventStore,
  appends: readonly PastCaseAppend[],
  options: PastCaseImportOptions = {},
): Promise<PastCaseImportResult> {
  let cases = 0;
  let events = 0;
  let alreadyStored = 0;
  await forEachConcurrently(appends, options.appendsInFlight ?? DEFAULT_APPENDS_IN_FLIGHT, async (append) => {
    const result = await store.append(append.streamId, append.events, {
      expectedRevision: append.expectedRevision,
    });
    if (result.alreadyStored) alreadyStored += 1;
    else {
      cases += 1;
      events += append.events.length;
    }
  });
  return { cases, events, alreadyStored };
}
