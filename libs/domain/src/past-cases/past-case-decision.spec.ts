import { describe, expect, it } from '@jest/globals';
import { applicationDecider } from '../applications/application-decider.ts';
import type { ApplicationEvent } from '../applications/application-events.ts';
import { SEED_CATALOGUE } from '../rules/seed-catalogue.ts';
import { PAST_CASE_COLUMNS, type PastCaseColumn } from './past-case-columns.ts';
import { decidePastCase, type PastCaseLookups } from './past-case-decision.ts';
import { parsePastCase, pastCaseHeaderIssues } from './past-case.ts';

const decider = applicationDecider(SEED_CATALOGUE);
const NO_LOOKUPS: PastCaseLookups = { staffTrainingCompletions: [], priorParticipation: [] };
const header = Object.values(PAST_CASE_COLUMNS);

/** A row of the file: cells by column key, on line 2. */
const row = (cells: Partial<Record<PastCaseColumn, string>>, line = 2) => ({
  line,
  cells: Object.fromEntries(
    Object.entries(cells).map(([key, value]) => [PAST_CASE_COLUMNS[key as PastCaseColumn], value]),
  ),
});

const H23_PIONEER = {
  applicationId: 'H23-0001',
  fiscalYear: '平成23年度',
  programId: 'home-care-environment',
  menuId: 'pioneer',
  programYear: '1',
  recipientKind: 'municipality',
  recipientId: 'hachioji',
  municipalityCode: '132012',
  units: '1',
  plannedExpenditure: '12,000,000',
  applicant: 'staff-h01',
  submittedOn: '平成23年5月10日',
  reviewer: 'staff-r01',
  reviewedOn: '2011-05-20',
  decision: '交付',
  approver: 'staff-a01',
  decidedOn: '2011/6/15',
  grantedAmount: '10,000,000',
  reportedOn: '2012-04-05',
  actualExpenditure: '9800000',
  confirmer: 'staff-a01',
  confirmedOn: '2012-05-10',
  settlementPaidOn: '2012-05-25',
  settlementPaid: '9,800,000',
  closedOn: '2012-06-01',
  note: '紙台帳 平成23年度 p.3',
} satisfies Partial<Record<PastCaseColumn, string>>;

/** Given a row, when it is parsed and decided from the empty stream: the events, or the issues. */
function whenImported(cells: Partial<Record<PastCaseColumn, string>>, lookups = NO_LOOKUPS) {
  const parsed = parsePastCase(header, row(cells));
  if (!parsed.pastCase) return { events: [] as ApplicationEvent[], issues: parsed.issues };
  const decided = decidePastCase(decider, parsed.pastCase, header, lookups);
  return { events: (decided.events ?? []).map((e) => e.event), issues: decided.issues };
}

const columnOf = (key: PastCaseColumn) => header.indexOf(PAST_CASE_COLUMNS[key]) + 1;
const at = (date: string) => new Date(`${date}T10:00:00+09:00`).toISOString();

describe('a past case: one row becomes the events a live case would have', () => {
  it('given a case granted, reported, confirmed, paid and closed, then its events at the original dates and actors', () => {
    const { events, issues } = whenImported(H23_PIONEER);
    expect(issues).toEqual([]);
    expect(events.map((e) => e.type)).toEqual([
      'ApplicationDrafted',
      'ApplicationSubmitted',
      'ReviewStarted',
      'GrantDecided',
      'PerformanceReported',
      'AmountConfirmed',
      'PaymentRecorded',
      'ApplicationClosed',
    ]);
    expect(events.map((e) => e.data.recorded)).toEqual([
      { actorId: 'staff-h01', actorRole: 'caseworker', at: at('2011-05-10') },
      { actorId: 'staff-h01', actorRole: 'caseworker', at: at('2011-05-10') },
      { actorId: 'staff-r01', actorRole: 'caseworker', at: at('2011-05-20') },
      { actorId: 'staff-a01', actorRole: 'approver', at: at('2011-06-15') },
      { actorId: 'staff-h01', actorRole: 'caseworker', at: at('2012-04-05') },
      { actorId: 'staff-a01', actorRole: 'approver', at: at('2012-05-10') },
      { actorId: 'staff-r01', actorRole: 'caseworker', at: at('2012-05-25') },
      { actorId: 'staff-r01', actorRole: 'caseworker', at: at('2012-06-01') },
    ]);
    const [drafted, , , granted, reported, confirmed, paid, closed] = events;
    expect(drafted!.data).toMatchObject({
      applicationId: 'H23-0001',
      fiscalYear: 2011,
      draftedOn: '2011-05-10',
      plannedExpenditure: 12_000_000,
      recipient: { kind: 'municipality', id: 'hachioji', municipalityCode: '132012' },
    });
    expect(granted!.data).toMatchObject({ decidedOn: '2011-06-15', grant: { amount: 10_000_000 } });
    expect(reported!.data).toMatchObject({
      reportedOn: '2012-04-05',
      late: false,
      actualExpenditure: 9_800_000,
    });
    expect(confirmed!.data).toMatchObject({ confirmedOn: '2012-05-10', confirmedAmount: 9_800_000 });
    expect(paid!.data).toMatchObject({ kind: 'settlement', paidOn: '2012-05-25', amount: 9_800_000 });
    expect(closed!.data).toMatchObject({ closedOn: '2012-06-01', totalPaid: 9_800_000 });
  });

  it('given an advance paid above the confirmed amount, then the refund is ordered, received and the case closed', () => {
    const { events, issues } = whenImported({
      ...H23_PIONEER,
      applicationId: 'H28-0007',
      fiscalYear: 'H28',
      menuId: 'consultation-desk',
      programYear: '4',
      submittedOn: '2016-05-09',
      reviewedOn: '2016-05-23',
      decidedOn: '2016-06-20',
      grantedAmount: '5,000,000',
      clerk: 'staff-c02',
      advancePaidOn: '2016-07-01',
      advancePaid: '5000000',
      reportedOn: '2017-04-07',
      actualExpenditure: '9000000',
      confirmedOn: '2017-05-15',
      settlementPaidOn: '',
      settlementPaid: '',
      refundedOn: '2017-06-20',
      refunded: '500,000',
      closedOn: '2017-06-30',
    });
    expect(issues).toEqual([]);
    expect(events.map((e) => e.type)).toEqual([
      'ApplicationDrafted',
      'ApplicationSubmitted',
      'ReviewStarted',
      'GrantDecided',
      'PaymentRecorded',
      'PerformanceReported',
      'AmountConfirmed',
      'RefundOrdered',
      'RefundRecorded',
      'ApplicationClosed',
    ]);
    expect(events[7]!.data).toMatchObject({ orderedOn: '2017-05-15', amount: 500_000 });
    expect(events[8]!.data.recorded).toMatchObject({ actorId: 'staff-c02', reason: expect.any(String) });
  });

  it('given a rejection or a withdrawal, then the case ends there with its reason', () => {
    const rejected = whenImported({
      ...H23_PIONEER,
      decision: '不交付',
      decisionReason: '事業計画が要件を満たさないため',
      grantedAmount: '',
      reportedOn: '',
      confirmedOn: '',
      settlementPaidOn: '',
      settlementPaid: '',
      closedOn: '',
    });
    expect(rejected.events.map((e) => e.type).at(-1)).toBe('ApplicationRejected');
    expect(rejected.events.at(-1)!.data).toMatchObject({
      reason: '事業計画が要件を満たさないため',
      approverId: 'staff-a01',
    });
    const withdrawn = whenImported({
      ...H23_PIONEER,
      reviewer: '',
      reviewedOn: '',
      decision: '取下げ',
      approver: '',
      decisionReason: '事業計画の見直しのため',
      grantedAmount: '',
      reportedOn: '',
      confirmedOn: '',
      settlementPaidOn: '',
      settlementPaid: '',
      closedOn: '',
    });
    expect(withdrawn.events.map((e) => e.type)).toEqual([
      'ApplicationDrafted',
      'ApplicationSubmitted',
      'ApplicationWithdrawn',
    ]);
    expect(withdrawn.events[2]!.data.recorded.actorId).toBe('staff-h01');
  });

  it('given a review, then the lookups by key are recorded with its facts, as the gateway records them', () => {
    const lookups: PastCaseLookups = {
      staffTrainingCompletions: [],
      priorParticipation: [{ programId: 'home-care-environment', fiscalYear: 2010 as never }],
    };
    const { events } = whenImported(H23_PIONEER, lookups);
    expect(events[2]!.data).toMatchObject({
      facts: { applicant: { kind: 'municipality' }, ...lookups },
      eligibility: { eligible: true },
    });
  });

  it('a refusal of the decider is an error at the cell it came from, with the decider’s reason', () => {
    expect(whenImported({ ...H23_PIONEER, submittedOn: '2011-03-25' }).issues).toEqual([
      expect.objectContaining({
        field: '申請日',
        line: 2,
        column: columnOf('submittedOn'),
        reason: expect.stringContaining('OUTSIDE_APPLICATION_WINDOW'),
      }),
    ]);
    expect(whenImported({ ...H23_PIONEER, municipalityCode: '132013' }).issues).toEqual([
      expect.objectContaining({ field: '団体コード', column: columnOf('municipalityCode'), value: '132013' }),
    ]);
    expect(whenImported({ ...H23_PIONEER, menuId: 'no-such-menu' }).issues).toEqual([
      expect.objectContaining({ field: 'メニュー', column: columnOf('menuId') }),
    ]);
    // 四つの目: the reviewer never decides.
    expect(whenImported({ ...H23_PIONEER, approver: 'staff-r01' }).issues).toEqual([
      expect.objectContaining({ field: '決定日', reason: expect.stringContaining('FOUR_EYES_VIOLATION') }),
    ]);
  });

  it('an amount the ledger states that the rules do not give is an error at its cell', () => {
    expect(whenImported({ ...H23_PIONEER, grantedAmount: '10,500,000' }).issues).toEqual([
      {
        field: '交付決定額',
        value: 10_500_000,
        reason: 'the rules of the fiscal year give 10,000,000円',
        expected: '10000000 (or leave the cell empty)',
        line: 2,
        column: columnOf('grantedAmount'),
      },
    ]);
  });
});

describe('a past-cases row: every cell checked, every problem named by line and column', () => {
  it('names each bad cell of a row at once', () => {
    const { issues } = whenImported({
      ...H23_PIONEER,
      fiscalYear: '平成99年度',
      submittedOn: '2011-02-30',
      plannedExpenditure: '十万',
      applicationId: 'H23 0001',
    });
    expect(issues.map((i) => [i.field, i.line, i.column])).toEqual([
      ['受付番号', 2, columnOf('applicationId')],
      ['年度', 2, columnOf('fiscalYear')],
      ['支出予定額', 2, columnOf('plannedExpenditure')],
      ['申請日', 2, columnOf('submittedOn')],
    ]);
  });

  it('a stage before an earlier one, or a date without its actor or amount, is an error', () => {
    const { issues } = whenImported({
      ...H23_PIONEER,
      decidedOn: '2011-05-15',
      approver: '',
      settlementPaid: '',
    });
    expect(issues).toEqual([
      expect.objectContaining({ field: '決定者', reason: 'required with 決定日' }),
      expect.objectContaining({ field: '精算払額', reason: 'required with 精算払日' }),
      expect.objectContaining({ field: '決定日', value: '2011-05-15', reason: 'before 審査日 2011-05-20' }),
    ]);
  });

  it('reads 和暦 and 西暦 years and dates alike, and a recipient kind by its code or its Japanese name', () => {
    const era = parsePastCase(
      header,
      row({ ...H23_PIONEER, fiscalYear: 'H23', submittedOn: 'H23.5.10', recipientKind: '区市町村' }),
    );
    const western = parsePastCase(
      header,
      row({ ...H23_PIONEER, fiscalYear: '2011', submittedOn: '2011-05-10' }),
    );
    expect(era.pastCase).toEqual(western.pastCase);
    expect(era.pastCase!.ref.fiscalYear).toBe(2011);
  });

  it('the header: unknown, repeated and missing columns on line 1', () => {
    expect(pastCaseHeaderIssues(['受付番号', '受付番号', '備考'])).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: '受付番号',
          reason: 'the column appears twice',
          line: 1,
          column: 2,
        }),
        expect.objectContaining({ field: '備考', reason: 'unknown column', line: 1, column: 3 }),
        expect.objectContaining({ field: '申請日', reason: 'missing column', line: 1 }),
      ]),
    );
    expect(pastCaseHeaderIssues(header)).toEqual([]);
  });
});
