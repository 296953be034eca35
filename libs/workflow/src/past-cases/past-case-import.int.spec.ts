import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { PAST_CASE_COLUMNS, type PastCaseColumn } from '#domain';
import { PostgresEventStore, systemClock } from '#event-store';
import { EVENT_TAGS } from '../gateway/event-tags.ts';
import { SEED_APPLICATION_RULES } from '../rules/workflow-rules.ts';
import { appendPastCases, planPastCaseImport, type PastCaseTable } from './past-case-import.ts';

const header = Object.values(PAST_CASE_COLUMNS);
const file = { name: 'past-cases.csv', sha256: 'ab'.repeat(32) };

/** A granted H23 case of a recipient of this run (the shared test database holds other specs' cases). */
function granted(id: string): Partial<Record<PastCaseColumn, string>> {
  return {
    applicationId: id,
    fiscalYear: '平成23年度',
    programId: 'home-care-environment',
    menuId: 'pioneer',
    recipientKind: 'municipality',
    recipientId: id,
    municipalityCode: '132012',
    units: '1',
    plannedExpenditure: '12000000',
    applicant: 'staff-h01',
    submittedOn: '2011-05-10',
    reviewer: 'staff-r01',
    reviewedOn: '2011-05-20',
    decision: '交付',
    approver: 'staff-a01',
    decidedOn: '2011-06-15',
  };
}

const closed = (id: string): Partial<Record<PastCaseColumn, string>> => ({
  ...granted(id),
  reportedOn: '2012-04-05',
  actualExpenditure: '9800000',
  confirmer: 'staff-a01',
  confirmedOn: '2012-05-10',
  settlementPaidOn: '2012-05-25',
  settlementPaid: '9800000',
  closedOn: '2012-06-01',
});

const tableOf = (...rows: Partial<Record<PastCaseColumn, string>>[]): PastCaseTable => ({
  header,
  rows: rows.map((cells, i) => ({
    line: i + 2,
    cells: Object.fromEntries(
      Object.entries(cells).map(([key, value]) => [PAST_CASE_COLUMNS[key as PastCaseColumn], value]),
    ),
  })),
});

describe('planPastCaseImport and appendPastCases on PostgreSQL', () => {
  let store: PostgresEventStore;
  const run = uuidv7().slice(-12);
  const id = (name: string) => `imp-${run}-${name}`;
  const types = async (applicationId: string) =>
    (await store.readStream(`application-${applicationId}`)).map((e) => e.type);

  beforeAll(async () => {
    store = await PostgresEventStore.open({
      connectionString: process.env.DATABASE_URL!,
      clock: systemClock,
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('a 受付番号 of a case this import did not write is an error at its cell, and nothing is written', async () => {
    // Given the 受付番号 already holds a case this file did not write (a live draft with another
    // expenditure: real events, since other specs replay the shared log's application category) …
    const live = await planPastCaseImport(
      store,
      SEED_APPLICATION_RULES,
      tableOf({ ...granted(id('taken')), plannedExpenditure: '11000000' }),
      file,
    );
    const [drafted] = live.appends[0]!.events;
    await store.append(`application-${id('taken')}`, [{ ...drafted!, id: uuidv7() }], {
      expectedRevision: 'no_stream',
    });
    const plan = await planPastCaseImport(
      store,
      SEED_APPLICATION_RULES,
      tableOf(granted(id('free')), granted(id('taken'))),
      file,
    );
    expect(plan.appends).toEqual([]);
    expect(plan.issues).toEqual([
      expect.objectContaining({
        field: '受付番号',
        line: 3,
        column: 1,
        reason: expect.stringContaining(
          'the case is stored with other events (revision 0: ApplicationDrafted',
        ),
      }),
    ]);
    expect(await types(id('free'))).toEqual([]);
  });

  it('an interrupted import is completed by running it again: only the missing cases are written', async () => {
    const table = tableOf(closed(id('a')), closed(id('b')), granted(id('c')));
    const plan = await planPastCaseImport(store, SEED_APPLICATION_RULES, table, file);
    expect(plan).toMatchObject({ issues: [], rows: 3, alreadyImported: 0 });
    await appendPastCases(store, plan.appends.slice(0, 1)); // the run stopped after the first case

    const again = await planPastCaseImport(store, SEED_APPLICATION_RULES, table, file);
    expect(again).toMatchObject({ issues: [], alreadyImported: 1 });
    expect(await appendPastCases(store, again.appends)).toEqual({
      cases: 2,
      events: 8 + 4,
      alreadyStored: 0,
    });
    const done = await planPastCaseImport(store, SEED_APPLICATION_RULES, table, file);
    expect(done).toMatchObject({ issues: [], appends: [], alreadyImported: 3 });
  });

  it('a case imported up to its grant, its later stages added to the ledger since: only they are appended', async () => {
    const first = await planPastCaseImport(
      store,
      SEED_APPLICATION_RULES,
      tableOf(granted(id('later'))),
      file,
    );
    await appendPastCases(store, first.appends);
    const before = await store.readStream(`application-${id('later')}`);

    const plan = await planPastCaseImport(store, SEED_APPLICATION_RULES, tableOf(closed(id('later'))), file);
    expect(plan.appends).toHaveLength(1);
    expect(plan.appends[0]).toMatchObject({ expectedRevision: 3 });
    expect(plan.appends[0]!.events.map((e) => e.type)).toEqual([
      'PerformanceReported',
      'AmountConfirmed',
      'PaymentRecorded',
      'ApplicationClosed',
    ]);
    await appendPastCases(store, plan.appends);
    const after = await store.readStream(`application-${id('later')}`);
    expect(after.slice(0, 4)).toEqual(before);
    expect(after.map((e) => e.type).slice(-1)).toEqual(['ApplicationClosed']);
    expect(after[4]!.metadata).toMatchObject({
      source: 'past-cases.csv:2',
      correlationId: 'import-abababababababab',
    });
  });

  it('a case that went on live after its import (a payment recorded since) counts as imported', async () => {
    const plan = await planPastCaseImport(store, SEED_APPLICATION_RULES, tableOf(granted(id('live'))), file);
    await appendPastCases(store, plan.appends);
    const payment = await planPastCaseImport(
      store,
      SEED_APPLICATION_RULES,
      tableOf({
        ...granted(id('live')),
        advancePaidOn: '2011-07-01',
        advancePaid: '1000000',
        clerk: 'staff-c1',
      }),
      file,
    );
    // Stands in for the live payment: other ids than this file's row would give.
    const [paid] = payment.appends[0]!.events;
    await store.append(`application-${id('live')}`, [{ ...paid!, id: uuidv7() }], { expectedRevision: 3 });

    const again = await planPastCaseImport(store, SEED_APPLICATION_RULES, tableOf(granted(id('live'))), file);
    expect(again).toMatchObject({ issues: [], appends: [], alreadyImported: 1 });
  });

  it('tags the events as the gateway does: the grant is found by its recipient', async () => {
    const plan = await planPastCaseImport(
      store,
      SEED_APPLICATION_RULES,
      tableOf(granted(id('tagged'))),
      file,
    );
    await appendPastCases(store, plan.appends);
    const grants = await store.readByTag(EVENT_TAGS.grantDecidedFor(id('tagged')));
    expect(grants.map((e) => [e.streamId, e.type])).toEqual([
      [`application-${id('tagged')}`, 'GrantDecided'],
    ]);
  });
});
