import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../shared/given-when-then.ts';
import { yen } from '../shared/money.ts';
import { applicationStreamId } from './application-stream.ts';
import type { ApplicationEvent, EventRecord } from './application-events.ts';
import { APPLICATION_EVENT_SCHEMA_VERSIONS, APPLICATION_EVENT_TYPES } from './application-events.ts';
import {
  advancePaid,
  approver,
  caseworker,
  changeRequested,
  closed,
  command,
  confirmed,
  correctionRequested,
  decider,
  drafted,
  granted,
  hospital,
  refundOrdered,
  reported,
  resubmitted,
  run,
  settled,
  stateOf,
  submitted,
  system,
  transitionSupportFacts,
  transitionSupportTerms,
  underReview,
} from './__fixtures__/application-histories.ts';

const given = deciderSpec(decider);

const ref = {
  applicationId: 'app-1',
  programId: 'transition-support',
  menuId: 'discharge-staff',
  fiscalYear: 2016,
  programYear: 1,
  recipient: { kind: 'hospital', id: 'hosp-1', municipalityCode: '131016' },
} as const;

const record = (
  actorId: string,
  actorRole: EventRecord['actorRole'],
  date: string,
  reason?: string,
): EventRecord => ({
  actorId,
  actorRole,
  at: new Date(`${date}T10:00:00+09:00`).toISOString(),
  ...(reason ? { reason } : {}),
});

const planned = { quantity: { persons: 2 }, plannedExpenditure: yen(8_000_000), otherIncome: yen(0) };

describe('the application lifecycle, one transition at a time', () => {
  it('streams are application-<id>, and every event type has a data version', () => {
    expect(applicationStreamId('app-1')).toBe('application-app-1');
    expect(APPLICATION_EVENT_TYPES).toHaveLength(17);
    expect(Object.values(APPLICATION_EVENT_SCHEMA_VERSIONS).every((v) => v === 1)).toBe(true);
  });

  it('DraftApplication → ApplicationDrafted with the terms, the requested amount and the window', () => {
    given([])
      .when(command('DraftApplication', transitionSupportTerms(), '2016-04-05', hospital))
      .then([
        {
          type: 'ApplicationDrafted',
          data: {
            ...ref,
            ...planned,
            recorded: record('inst-hosp-1', 'institution', '2016-04-05'),
            draftedOn: '2016-04-05',
            requestedAmount: yen(7_200_000),
            applicationWindow: { opens: '2016-04-01', closes: '2016-06-30' },
          },
        },
      ]);
  });

  it('SubmitApplication → ApplicationSubmitted with the decision due date (標準処理期間)', () => {
    given(drafted)
      .when(command('SubmitApplication', {}, '2016-04-10', hospital))
      .then([
        {
          type: 'ApplicationSubmitted',
          data: {
            ...ref,
            ...planned,
            recorded: record('inst-hosp-1', 'institution', '2016-04-10'),
            submittedOn: '2016-04-10',
            requestedAmount: yen(7_200_000),
            decisionDueDate: '2016-05-10',
          },
        },
      ]);
  });

  it('StartReview → ReviewStarted with the reviewer and the eligibility checks of the rules', () => {
    const [event] = given(submitted)
      .when(command('StartReview', { facts: transitionSupportFacts }, '2016-04-15', caseworker))
      .events();
    expect(event).toMatchObject({
      type: 'ReviewStarted',
      data: {
        ...ref,
        reviewerId: 'cw-1',
        reviewedOn: '2016-04-15',
        facts: transitionSupportFacts,
        eligibility: { versionId: 'H28', eligible: true },
      },
    });
    const checks = event!.type === 'ReviewStarted' ? event.data.eligibility.checks : [];
    expect(checks.map((c) => c.checkId)).toEqual(
      expect.arrayContaining(['period', 'recipientKind', 'bedsUnderLimit', 'newlyMeetsDischargeStandard']),
    );
  });

  it('RequestCorrection → CorrectionRequested with the items and a due date 14 days on (configurable default)', () => {
    given(underReview)
      .when(
        command(
          'RequestCorrection',
          { items: [' 人件費の内訳 ', ''] },
          '2016-04-20',
          caseworker,
          '内訳が不足',
        ),
      )
      .then([
        {
          type: 'CorrectionRequested',
          data: {
            ...ref,
            recorded: record('cw-1', 'caseworker', '2016-04-20', '内訳が不足'),
            requestedOn: '2016-04-20',
            items: ['人件費の内訳'],
            responseDueDate: '2016-05-04',
          },
        },
      ]);
  });

  it('RequestCorrection takes an explicit due date', () => {
    const [event] = given(underReview)
      .when(
        command(
          'RequestCorrection',
          { items: ['x'], responseDueDate: '2016-05-31' },
          '2016-04-20',
          caseworker,
          'r',
        ),
      )
      .events();
    expect(event).toMatchObject({ data: { responseDueDate: '2016-05-31' } });
  });

  it('ResubmitApplication → ApplicationResubmitted with the corrected amounts, on time or marked late', () => {
    const [event] = given(correctionRequested)
      .when(
        command(
          'ResubmitApplication',
          { response: '添付', plannedExpenditure: 7_000_000 },
          '2016-04-25',
          hospital,
        ),
      )
      .events();
    expect(event).toMatchObject({
      type: 'ApplicationResubmitted',
      data: { plannedExpenditure: 7_000_000, requestedAmount: 7_000_000, late: false, response: '添付' },
    });
    const [late] = given(correctionRequested)
      .when(command('ResubmitApplication', {}, '2016-05-10', hospital))
      .events();
    expect(late).toMatchObject({ data: { late: true, plannedExpenditure: 8_000_000 } });
  });

  it('a resubmitted case is reviewed again, and the correction is cleared', () => {
    const again = run(
      resubmitted,
      command('StartReview', { facts: transitionSupportFacts }, '2016-04-26', caseworker),
    );
    const state = stateOf(again);
    expect(state.stage).toBe('UnderReview');
    expect(state.correction).toBeUndefined();
    expect(state.corrections).toBe(1);
    expect(state.requested?.plannedExpenditure).toBe(7_500_000);
  });

  it('DecideGrant → GrantDecided with the amount, its full trace, rate, base, programme year and report due date', () => {
    const [event] = given(underReview)
      .when(command('DecideGrant', {}, '2016-05-01', approver))
      .events();
    expect(event).toMatchObject({
      type: 'GrantDecided',
      data: {
        ...ref,
        decidedOn: '2016-05-01',
        approverId: 'ap-1',
        reviewerIds: ['cw-1'],
        grant: { amount: 7_200_000, subsidyRate: '10/10', baseAmount: 7_200_000, ruleVersionId: 'H28' },
        performanceReportDueDate: '2017-04-10',
      },
    });
    const grant = event!.type === 'GrantDecided' ? event.data.grant : undefined;
    expect(grant?.calculation.context.programYear).toBe(1);
    expect(grant?.calculation.trace.steps.map((s) => s.key)).toEqual([
      'countedPersons',
      'baseAmount',
      'netExpenditure',
      'comparedAmount',
      'ratedAmount',
      'amount',
    ]);
  });

  it('RejectApplication → ApplicationRejected with the reason and the failed checks', () => {
    given(underReview)
      .when(command('RejectApplication', {}, '2016-05-01', approver, '要件を満たさない'))
      .then([
        {
          type: 'ApplicationRejected',
          data: {
            ...ref,
            recorded: record('ap-1', 'approver', '2016-05-01', '要件を満たさない'),
            rejectedOn: '2016-05-01',
            approverId: 'ap-1',
            reason: '要件を満たさない',
            failedCheckIds: [],
          },
        },
      ]);
  });

  it('RejectApplication is possible while a correction is awaited (no answer)', () => {
    const [event] = given(correctionRequested)
      .when(command('RejectApplication', {}, '2016-05-20', approver, '補正期限までに回答なし'))
      .events();
    expect(event?.type).toBe('ApplicationRejected');
  });

  it.each([
    ['Draft', drafted],
    ['Submitted', submitted],
    ['UnderReview', underReview],
    ['CorrectionRequested', correctionRequested],
    ['Resubmitted', resubmitted],
  ] as const)('WithdrawApplication from %s → ApplicationWithdrawn', (stage, history) => {
    const [event] = given(history)
      .when(command('WithdrawApplication', {}, '2016-06-01', hospital, '事業中止'))
      .events();
    expect(event).toMatchObject({
      type: 'ApplicationWithdrawn',
      data: { withdrawnOn: '2016-06-01', reason: '事業中止', fromStage: stage },
    });
  });

  it('RequestChange → ChangeRequested with the new amounts and the current grant', () => {
    const [event] = given(granted)
      .when(command('RequestChange', { changeId: 'chg-1', quantity: { persons: 1 } }, '2016-08-01', hospital))
      .events();
    expect(event).toMatchObject({
      type: 'ChangeRequested',
      data: {
        changeId: 'chg-1',
        quantity: { persons: 1 },
        plannedExpenditure: 8_000_000,
        currentGrantedAmount: 7_200_000,
        decisionDueDate: '2016-08-31',
      },
    });
  });

  it('ApproveChange → ChangeApproved recalculating the granted amount with its trace', () => {
    const [event] = given(changeRequested)
      .when(command('ApproveChange', {}, '2016-08-10', approver, '人員減による変更'))
      .events();
    expect(event).toMatchObject({
      type: 'ChangeApproved',
      data: {
        changeId: 'chg-1',
        reason: '人員減による変更',
        previousGrantedAmount: 7_200_000,
        grant: { amount: 3_600_000, baseAmount: 3_600_000, subsidyRate: '10/10' },
      },
    });
    const after = stateOf([...changeRequested, event!]);
    expect(after.stage).toBe('GrantDecided');
    expect(after.grant?.amount).toBe(3_600_000);
    expect(after.pendingChange).toBeUndefined();
  });

  it('RejectChange → ChangeRejected, the grant unchanged', () => {
    const [event] = given(changeRequested)
      .when(command('RejectChange', {}, '2016-08-10', approver, '理由不十分'))
      .events();
    expect(event).toMatchObject({
      type: 'ChangeRejected',
      data: { changeId: 'chg-1', grantedAmount: 7_200_000 },
    });
    expect(stateOf([...changeRequested, event!]).stage).toBe('GrantDecided');
  });

  it('RecordPayment after the grant → PaymentRecorded as an advance (概算払)', () => {
    given(granted)
      .when(command('RecordPayment', { paymentId: 'pay-1', amount: 3_000_000 }, '2016-05-10', caseworker))
      .then([
        {
          type: 'PaymentRecorded',
          data: {
            ...ref,
            recorded: record('cw-1', 'caseworker', '2016-05-10'),
            paymentId: 'pay-1',
            kind: 'advance',
            paidOn: '2016-05-10',
            amount: yen(3_000_000),
            totalPaid: yen(3_000_000),
            limit: yen(7_200_000),
          },
        },
      ]);
  });

  it('RecordPayment repeated with the same id and amount records nothing (jobs may run twice)', () => {
    given(advancePaid)
      .when(command('RecordPayment', { paymentId: 'pay-1', amount: 7_200_000 }, '2016-05-11', system))
      .then([]);
  });

  it('ReportPerformance → PerformanceReported with actuals in integer yen, on time or late', () => {
    const [event] = given(granted)
      .when(
        command(
          'ReportPerformance',
          { actualExpenditure: 7_300_000, otherIncome: 100_000 },
          '2017-04-05',
          hospital,
        ),
      )
      .events();
    expect(event).toMatchObject({
      type: 'PerformanceReported',
      data: {
        reportedOn: '2017-04-05',
        dueDate: '2017-04-10',
        late: false,
        actualExpenditure: 7_300_000,
        otherIncome: 100_000,
        quantity: { persons: 2 },
        grantedAmount: 7_200_000,
      },
    });
    const [late] = given(granted)
      .when(command('ReportPerformance', { actualExpenditure: 1, otherIncome: 0 }, '2017-04-11', hospital))
      .events();
    expect(late).toMatchObject({ data: { late: true } });
  });

  it('ConfirmAmount → AmountConfirmed, recalculated on actuals and capped at the grant, with the cap in the trace', () => {
    const [event, ...rest] = given(reported)
      .when(command('ConfirmAmount', {}, '2017-04-20', approver))
      .events();
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'AmountConfirmed',
      data: {
        approverId: 'ap-1',
        reviewerIds: ['cw-1'],
        grantedAmount: 7_200_000,
        calculatedAmount: 7_200_000,
        confirmedAmount: 7_200_000,
        paidSoFar: 0,
      },
    });
    const steps = event!.type === 'AmountConfirmed' ? event.data.confirmation.calculation.trace.steps : [];
    expect(steps.at(-1)).toMatchObject({ key: 'confirmedAmount', value: 7_200_000 });
  });

  it('ConfirmAmount on lower actuals confirms less than the grant', () => {
    const lower = run(
      granted,
      command(
        'ReportPerformance',
        { actualExpenditure: 6_543_210, otherIncome: 43_210 },
        '2017-04-05',
        hospital,
      ),
    );
    const [event] = given(lower)
      .when(command('ConfirmAmount', {}, '2017-04-20', approver))
      .events();
    expect(event).toMatchObject({ data: { calculatedAmount: 6_500_000, confirmedAmount: 6_500_000 } });
  });

  it('ConfirmAmount when more was paid in advance → AmountConfirmed and RefundOrdered (返還) with the difference', () => {
    const history = run(
      advancePaid,
      command('ReportPerformance', { actualExpenditure: 5_000_000, otherIncome: 0 }, '2017-04-05', hospital),
    );
    const events = given(history)
      .when(command('ConfirmAmount', {}, '2017-04-20', approver))
      .events();
    expect(events.map((e) => e.type)).toEqual(['AmountConfirmed', 'RefundOrdered']);
    expect(events[1]).toMatchObject({
      data: { amount: 2_200_000, paid: 7_200_000, confirmedAmount: 5_000_000, dueDate: '2017-05-20' },
    });
  });

  it('RecordRefund → RefundRecorded; part first, then the rest, after which the case can close', () => {
    const part = run(
      refundOrdered,
      command(
        'RecordRefund',
        { refundId: 'ref-1', amount: 1_000_000 },
        '2017-05-01',
        caseworker,
        '返還金収納',
      ),
    );
    expect(part.at(-1)).toMatchObject({
      type: 'RefundRecorded',
      data: { amount: 1_000_000, totalRefunded: 1_000_000, outstanding: 1_200_000, reason: '返還金収納' },
    });
    expect(stateOf(part).stage).toBe('RefundOrdered');
    const all = run(
      part,
      command('RecordRefund', { refundId: 'ref-2', amount: 1_200_000 }, '2017-05-02', caseworker, '残額収納'),
    );
    expect(stateOf(all).stage).toBe('AmountConfirmed');
    const [closing] = given(all)
      .when(command('CloseApplication', {}, '2017-05-03', caseworker))
      .events();
    expect(closing).toMatchObject({
      type: 'ApplicationClosed',
      data: { confirmedAmount: 5_000_000, totalPaid: 7_200_000, totalRefunded: 2_200_000 },
    });
  });

  it('RecordPayment after the confirmation → PaymentRecorded as a settlement (精算払)', () => {
    expect(settled.at(-1)).toMatchObject({
      type: 'PaymentRecorded',
      data: { kind: 'settlement', amount: 7_200_000, limit: 7_200_000, totalPaid: 7_200_000 },
    });
  });

  it('CloseApplication → ApplicationClosed when paid − refunded = confirmed', () => {
    const last: ApplicationEvent | undefined = closed.at(-1);
    expect(last).toMatchObject({
      type: 'ApplicationClosed',
      data: { closedOn: '2017-05-02', confirmedAmount: 7_200_000, totalPaid: 7_200_000, totalRefunded: 0 },
    });
    expect(stateOf(closed)).toMatchObject({ stage: 'Closed', endedOn: '2017-05-02' });
  });

  it('every event carries the programme, fiscal year, recipient and who did it', () => {
    for (const event of [...closed, ...confirmed]) {
      expect(event.data).toMatchObject({ ...ref, recorded: { actorId: expect.any(String) } });
    }
  });

  it('the state is plain JSON', () => {
    const state = stateOf(settled);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
