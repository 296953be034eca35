import { describe, expect, it } from '@jest/globals';
import { fiscalYear } from '../shared/fiscal-year.ts';
import type { ApplicationEvent } from './application-events.ts';
import { nextApplicationAction } from './application-next-action.ts';
import {
  approver,
  caseworker,
  command,
  transitionStaffingFacts,
  completion,
  confirmed,
  correctionRequested,
  drafted,
  granted,
  hospital,
  refundOrdered,
  run,
  stateOf,
  transitionSupportFacts,
  transitionSupportTerms,
  underReview,
  changeRequested,
  closed,
  failingFacts,
  reported,
  submitted,
  resubmitted,
} from './__fixtures__/application-histories.ts';

function grantOf(events: readonly ApplicationEvent[]) {
  const event = events.find((e) => e.type === 'GrantDecided');
  if (event?.type !== 'GrantDecided') throw new Error('no grant');
  return event.data.grant;
}

describe('cases from the seed catalogue, draft to decision', () => {
  it('在宅療養移行支援事業 year 2 (平成29年度) is decided at 1/2 of 2 persons × 3,600千円', () => {
    const yearTwoFacts = {
      ...transitionSupportFacts,
      dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
      staffTrainingCompletions: [completion('p-1', 'dischargeSupportAdvanced', 2016)],
      priorParticipation: [{ programId: 'transition-support', fiscalYear: fiscalYear(2016) }],
    };
    let history = run(
      [],
      command(
        'DraftApplication',
        transitionSupportTerms({
          applicationId: 'app-2',
          fiscalYear: 2017,
          programYear: 2,
          quantity: { persons: 3 },
        }),
        '2017-04-03',
        hospital,
      ),
    );
    history = run(history, command('SubmitApplication', {}, '2017-04-10', hospital));
    history = run(history, command('StartReview', { facts: yearTwoFacts }, '2017-04-12', caseworker));
    history = run(history, command('DecideGrant', {}, '2017-05-01', approver));
    const grant = grantOf(history);
    expect(grant).toMatchObject({
      amount: 3_600_000,
      subsidyRate: '1/2',
      baseAmount: 7_200_000,
      ruleVersionId: 'H28',
    });
    expect(grant.calculation.context).toMatchObject({ programYear: 2, fiscalYearLabel: '平成29年度' });
    expect(grant.calculation.trace.steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'countedPersons', value: 2, formula: 'min(3, 上限 2名)' }),
        expect.objectContaining({ key: 'baseAmount', value: 7_200_000 }),
        expect.objectContaining({ key: 'comparedAmount', value: 7_200_000 }),
        expect.objectContaining({ key: 'ratedAmount', value: 3_600_000, formula: '7,200,000円 × 1/2' }),
      ]),
    );
  });

  it('在宅療養移行体制確保事業: ① and ③ completed in FY2015 → applied and granted in FY2016, ② owed in FY2016', () => {
    const facts = transitionStaffingFacts;
    let history = run(
      [],
      command(
        'DraftApplication',
        transitionSupportTerms({
          applicationId: 'app-staffing',
          programId: 'transition-staffing',
          menuId: 'per-hospital',
          quantity: {},
          plannedExpenditure: 4_000_000,
        }),
        '2016-04-04',
        hospital,
      ),
    );
    history = run(history, command('SubmitApplication', {}, '2016-04-08', hospital));
    history = run(history, command('StartReview', { facts }, '2016-04-12', caseworker));
    const review = history.at(-1);
    expect(review).toMatchObject({
      type: 'ReviewStarted',
      data: {
        eligibility: {
          eligible: true,
          obligations: [
            { personId: 'nurse-7', course: 'dischargeSupportAdvanced', dueFiscalYear: 2016, status: 'open' },
          ],
        },
      },
    });
    history = run(history, command('DecideGrant', {}, '2016-05-02', approver));
    expect(grantOf(history)).toMatchObject({
      amount: 3_600_000,
      subsidyRate: '10/10',
      baseAmount: 3_600_000,
    });
    history = run(
      history,
      command('RecordPayment', { paymentId: 'p-1', amount: 3_600_000 }, '2016-05-20', caseworker),
    );
    history = run(
      history,
      command('ReportPerformance', { actualExpenditure: 4_100_000, otherIncome: 0 }, '2017-04-06', hospital),
    );
    history = run(history, command('ConfirmAmount', {}, '2017-04-20', approver));
    history = run(history, command('CloseApplication', {}, '2017-04-21', caseworker));
    expect(stateOf(history)).toMatchObject({ stage: 'Closed', confirmedAmount: 3_600_000, paid: 3_600_000 });
  });
});

describe('the next expected action for the work queue', () => {
  it.each([
    ['Draft', 'SubmitApplication', '2016-06-30', drafted],
    ['Submitted', 'StartReview', '2016-05-10', submitted],
    ['UnderReview', 'DecideGrant', '2016-05-10', underReview],
    ['CorrectionRequested', 'ResubmitApplication', '2016-05-04', correctionRequested],
    ['Resubmitted', 'StartReview', '2016-05-25', resubmitted],
    ['GrantDecided', 'ReportPerformance', '2017-04-10', granted],
    ['ChangeRequested', 'ApproveChange', '2016-08-31', changeRequested],
    ['PerformanceReported', 'ConfirmAmount', '2017-05-05', reported],
    ['AmountConfirmed (unpaid)', 'RecordPayment', undefined, confirmed],
    ['RefundOrdered', 'RecordRefund', '2017-05-20', refundOrdered],
  ] as const)('%s → %s due %s', (_stage, action, dueDate, history) => {
    const next = nextApplicationAction(stateOf(history));
    expect(next?.action).toBe(action);
    expect(next?.dueDate).toBe(dueDate);
    expect(next?.by.length).toBeGreaterThan(0);
  });

  it('given a review that failed a check (250 beds), then the case waits for 不交付 or a 補正依頼 with the reason, not for a grant', () => {
    const failing = run(submitted, command('StartReview', { facts: failingFacts }, '2016-04-15', caseworker));
    const next = nextApplicationAction(stateOf(failing));
    expect(next).toMatchObject({
      stage: 'UnderReview',
      action: 'RejectApplication',
      alternatives: ['RequestCorrection'],
      by: ['approver', 'caseworker'],
      dueDate: '2016-05-10',
    });
    expect(next?.reasons).toHaveLength(1);
    expect(next?.reasons?.[0]?.ja).toContain('200床');
    expect(next?.label.ja).toContain('不交付');
    expect(next?.label.ja).toContain(next!.reasons![0]!.ja);
    // A passing review still waits for the grant decision.
    expect(nextApplicationAction(stateOf(underReview))?.action).toBe('DecideGrant');
  });

  it('a settled case is to be closed; an ended case expects nothing', () => {
    const paid = run(
      confirmed,
      command('RecordPayment', { paymentId: 'p', amount: 7_200_000 }, '2017-05-01', caseworker),
    );
    expect(nextApplicationAction(stateOf(paid))?.action).toBe('CloseApplication');
    expect(nextApplicationAction(stateOf(closed))).toBeUndefined();
    expect(nextApplicationAction(stateOf([]))).toBeUndefined();
  });
});
