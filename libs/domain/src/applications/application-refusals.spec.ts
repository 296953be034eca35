import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../shared/given-when-then.ts';
import {
  advancePaid,
  approver,
  auditor,
  caseworker,
  changeRequested,
  chiyoda,
  command,
  confirmed,
  correctionRequested,
  decider,
  drafted,
  failingFacts,
  granted,
  hachioji,
  hospital,
  otherHospital,
  refundOrdered,
  reported,
  reviewerAsApprover,
  run,
  submitted,
  transitionSupportFacts,
  transitionSupportTerms,
  underReview,
} from './__fixtures__/application-histories.ts';

const given = deciderSpec(decider);

describe('business rules refuse what the stage would allow', () => {
  describe('four eyes: the reviewer never approves the same case', () => {
    it.each([
      ['DecideGrant', underReview, undefined],
      ['RejectApplication', underReview, '不交付'],
      ['ApproveChange', changeRequested, '変更'],
      ['RejectChange', changeRequested, '不承認'],
      ['ConfirmAmount', reported, undefined],
    ] as const)('%s by the reviewer → FOUR_EYES_VIOLATION', (type, history, reason) => {
      const error = given(history)
        .when(command(type, {}, '2017-04-20', reviewerAsApprover, reason))
        .thenThrows('FOUR_EYES_VIOLATION');
      expect(error.details).toMatchObject({ field: 'actor.id', value: 'cw-1' });
    });

    it('any earlier reviewer counts, not only the last one', () => {
      const secondReviewer = { id: 'cw-2', role: 'caseworker' } as const;
      const history = run(
        run(
          run(correctionRequested, command('ResubmitApplication', {}, '2016-04-25', hospital)),
          command('StartReview', { facts: transitionSupportFacts }, '2016-04-26', secondReviewer),
        ),
        command('RequestCorrection', { items: ['x'] }, '2016-04-27', secondReviewer, 'r'),
      );
      const resubmittedAgain = run(history, command('ResubmitApplication', {}, '2016-04-28', hospital));
      const reviewedAgain = run(
        resubmittedAgain,
        command('StartReview', { facts: transitionSupportFacts }, '2016-04-29', secondReviewer),
      );
      given(reviewedAgain)
        .when(command('DecideGrant', {}, '2016-05-01', reviewerAsApprover))
        .thenThrows('FOUR_EYES_VIOLATION');
    });
  });

  describe('roles and scope', () => {
    it.each([
      ['DecideGrant', underReview, caseworker],
      ['StartReview', submitted, approver],
      ['SubmitApplication', drafted, auditor],
      ['RecordPayment', granted, hospital],
      ['ConfirmAmount', reported, caseworker],
    ] as const)(
      '%s by the wrong role → ROLE_NOT_ALLOWED (before the stage is looked at)',
      (type, history, actor) => {
        given(history)
          .when(command(type, {} as never, '2016-05-01', actor))
          .thenThrows('ROLE_NOT_ALLOWED');
      },
    );

    it('an auditor cannot write, whatever the stage', () => {
      given([])
        .when(command('DraftApplication', transitionSupportTerms(), '2016-04-05', auditor))
        .thenThrows('ROLE_NOT_ALLOWED');
    });

    it('an institution acts only for itself → OUT_OF_SCOPE', () => {
      given([])
        .when(command('DraftApplication', transitionSupportTerms(), '2016-04-05', otherHospital))
        .thenThrows('OUT_OF_SCOPE');
      given(drafted)
        .when(command('SubmitApplication', {}, '2016-04-10', otherHospital))
        .thenThrows('OUT_OF_SCOPE');
      given(granted)
        .when(
          command('ReportPerformance', { actualExpenditure: 1, otherIncome: 0 }, '2017-04-01', otherHospital),
        )
        .thenThrows('OUT_OF_SCOPE');
    });

    it("a municipality acts only for its own municipality's recipients", () => {
      const municipal = transitionSupportTerms({
        applicationId: 'app-m',
        programId: 'municipal-home-care-promotion',
        menuId: 'medical-coordination',
        quantity: {},
        recipient: { kind: 'municipality', id: 'muni-131016', municipalityCode: '131016' },
      });
      given([])
        .when(command('DraftApplication', municipal, '2016-04-05', hachioji))
        .thenThrows('OUT_OF_SCOPE');
      const [event] = given([])
        .when(command('DraftApplication', municipal, '2016-04-05', chiyoda))
        .events();
      expect(event?.type).toBe('ApplicationDrafted');
    });
  });

  describe('reasons are required', () => {
    it.each([
      ['RejectApplication', underReview, approver, {}],
      ['WithdrawApplication', drafted, hospital, {}],
      ['RequestCorrection', underReview, caseworker, { items: ['x'] }],
      ['ApproveChange', changeRequested, approver, {}],
      ['RejectChange', changeRequested, approver, {}],
      ['RecordRefund', refundOrdered, caseworker, { refundId: 'r-1', amount: 1000 }],
    ] as const)('%s without a reason → REASON_REQUIRED', (type, history, actor, data) => {
      given(history)
        .when(command(type, data as never, '2017-05-01', actor, '   '))
        .thenThrows('REASON_REQUIRED');
    });
  });

  describe('the application', () => {
    it.each([
      [
        'a recipient the programme does not fund',
        { recipient: { kind: 'municipality', id: 'm', municipalityCode: '131016' } },
        'INVALID_APPLICATION',
      ],
      [
        'a municipality code with a wrong check digit',
        { recipient: { kind: 'hospital', id: 'hosp-1', municipalityCode: '131017' } },
        'INVALID_APPLICATION',
      ],
      ['an unknown programme', { programId: 'no-such-programme' }, 'UNKNOWN_PROGRAM'],
      ['an unknown menu', { menuId: 'no-such-menu' }, 'UNKNOWN_MENU'],
      ['a fiscal year outside the programme', { fiscalYear: 2015 }, 'RULE_NOT_IN_FORCE'],
      ['a programme year beyond the 2-year period', { programYear: 3 }, 'INVALID_AMOUNT_INPUT'],
      ['a fractional yen amount', { plannedExpenditure: 1.5 }, 'INVALID_MONEY'],
      ['a negative other income', { otherIncome: -1 }, 'INVALID_MONEY'],
      ['an empty application id', { applicationId: ' ' }, 'INVALID_COMMAND_DATA'],
    ] as const)('with %s is refused', (_what, overrides, code) => {
      given([])
        .when(
          command('DraftApplication', transitionSupportTerms(overrides as never), '2016-04-05', caseworker),
        )
        .thenThrows(code);
    });

    it.each([
      ['before the window opens', '2016-03-31'],
      ['after the window closes', '2016-07-01'],
    ])('submitted %s → OUTSIDE_APPLICATION_WINDOW naming the window', (_when, date) => {
      const error = given(drafted)
        .when(command('SubmitApplication', {}, date, hospital))
        .thenThrows('OUTSIDE_APPLICATION_WINDOW');
      expect(error.details.expected).toBe('a date from 2016-04-01 to 2016-06-30');
      expect(error.details.reason).toContain('configurable default');
    });

    it('is accepted on the first and the last day of the window', () => {
      for (const date of ['2016-04-01', '2016-06-30']) {
        const [event] = given(drafted)
          .when(command('SubmitApplication', {}, date, hospital))
          .events();
        expect(event?.type).toBe('ApplicationSubmitted');
      }
    });
  });

  describe('review and correction', () => {
    it('a review without facts → INVALID_COMMAND_DATA', () => {
      given(submitted)
        .when(command('StartReview', {} as never, '2016-04-15', caseworker))
        .thenThrows('INVALID_COMMAND_DATA');
    });

    it('a correction without items, or due in the past → INVALID_COMMAND_DATA', () => {
      given(underReview)
        .when(command('RequestCorrection', { items: [' '] }, '2016-04-20', caseworker, 'r'))
        .thenThrows('INVALID_COMMAND_DATA');
      const error = given(underReview)
        .when(
          command(
            'RequestCorrection',
            { items: ['x'], responseDueDate: '2016-04-20' },
            '2016-04-20',
            caseworker,
            'r',
          ),
        )
        .thenThrows('INVALID_COMMAND_DATA');
      expect(error.details.field).toBe('responseDueDate');
    });

    it('a grant on a failed eligibility check → ELIGIBILITY_FAILED naming the checks', () => {
      const failing = run(
        submitted,
        command('StartReview', { facts: failingFacts }, '2016-04-15', caseworker),
      );
      const error = given(failing)
        .when(command('DecideGrant', {}, '2016-05-01', approver))
        .thenThrows('ELIGIBILITY_FAILED');
      expect(error.details.value).toEqual(['bedsUnderLimit']);
      const [rejection] = given(failing)
        .when(command('RejectApplication', {}, '2016-05-01', approver, '200床以上'))
        .events();
      expect(rejection).toMatchObject({ data: { failedCheckIds: ['bedsUnderLimit'] } });
    });
  });

  describe('money', () => {
    it('an advance above the granted amount → PAYMENT_EXCEEDS_LIMIT', () => {
      const error = given(advancePaid)
        .when(command('RecordPayment', { paymentId: 'pay-2', amount: 1000 }, '2016-06-01', caseworker))
        .thenThrows('PAYMENT_EXCEEDS_LIMIT');
      expect(error.details.expected).toBe('at most 0円');
    });

    it('a settlement above the confirmed amount → PAYMENT_EXCEEDS_LIMIT', () => {
      given(confirmed)
        .when(command('RecordPayment', { paymentId: 'pay-2', amount: 7_201_000 }, '2017-05-01', caseworker))
        .thenThrows('PAYMENT_EXCEEDS_LIMIT');
    });

    it('a payment id reused with another amount → DUPLICATE_PAYMENT; a zero amount → INVALID_MONEY', () => {
      given(advancePaid)
        .when(command('RecordPayment', { paymentId: 'pay-1', amount: 1000 }, '2016-06-01', caseworker))
        .thenThrows('DUPLICATE_PAYMENT');
      given(granted)
        .when(command('RecordPayment', { paymentId: 'pay-9', amount: 0 }, '2016-06-01', caseworker))
        .thenThrows('INVALID_MONEY');
    });

    it('a change that would grant less than was paid in advance → GRANT_BELOW_PAID', () => {
      const history = run(
        advancePaid,
        command('RequestChange', { changeId: 'chg-1', quantity: { persons: 1 } }, '2016-08-01', hospital),
      );
      given(history)
        .when(command('ApproveChange', {}, '2016-08-10', approver, '変更'))
        .thenThrows('GRANT_BELOW_PAID');
    });

    it('a refund above what is outstanding → REFUND_EXCEEDS_ORDER', () => {
      given(refundOrdered)
        .when(
          command('RecordRefund', { refundId: 'r-1', amount: 2_200_001 }, '2017-05-01', caseworker, '収納'),
        )
        .thenThrows('REFUND_EXCEEDS_ORDER');
    });

    it('closing before paid − refunded = confirmed → NOT_SETTLED', () => {
      const error = given(confirmed)
        .when(command('CloseApplication', {}, '2017-05-01', caseworker))
        .thenThrows('NOT_SETTLED');
      expect(error.details).toMatchObject({ value: 0, expected: 'paid − refunded = 7,200,000円' });
    });
  });
});
