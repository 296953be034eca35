import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../shared/domain-error.ts';
import { IllegalTransitionError } from '../shared/illegal-transition-error.ts';
import { deciderSpec } from '../shared/given-when-then.ts';
import type { Actor } from '../shared/actor.ts';
import { APPLICATION_COMMAND_TYPES, type ApplicationCommandType } from './application-commands.ts';
import { APPLICATION_COMMAND_ROLES } from './application-policies.ts';
import {
  APPLICATION_ALLOWED_COMMANDS,
  APPLICATION_STAGES,
  type ApplicationStage,
} from './application-stage.ts';
import {
  HISTORY_IN_STAGE,
  command,
  decider,
  stateOf,
  transitionSupportTerms,
} from './__fixtures__/application-histories.ts';

const given = deciderSpec(decider);

/** The allowed set per stage, written out: the table in application-stage.ts must say exactly this. */
const EXPECTED_ALLOWED: Record<ApplicationStage, ApplicationCommandType[]> = {
  New: ['DraftApplication'],
  Draft: ['SubmitApplication', 'WithdrawApplication'],
  Submitted: ['StartReview', 'WithdrawApplication'],
  UnderReview: ['RequestCorrection', 'DecideGrant', 'RejectApplication', 'WithdrawApplication'],
  CorrectionRequested: ['ResubmitApplication', 'RejectApplication', 'WithdrawApplication'],
  Resubmitted: ['StartReview', 'WithdrawApplication'],
  GrantDecided: ['RequestChange', 'RecordPayment', 'ReportPerformance'],
  ChangeRequested: ['ApproveChange', 'RejectChange'],
  Rejected: [],
  Withdrawn: [],
  PerformanceReported: ['ConfirmAmount'],
  AmountConfirmed: ['RecordPayment', 'CloseApplication'],
  RefundOrdered: ['RecordRefund'],
  Closed: [],
};

/** An actor whose role may issue the command (so that only the stage decides), never the reviewer. */
function actorFor(type: ApplicationCommandType): Actor {
  const roles = APPLICATION_COMMAND_ROLES[type];
  const role = roles.includes('caseworker') ? 'caseworker' : roles[0]!;
  return { id: role === 'caseworker' ? 'cw-1' : `${role}-9`, role };
}

/** Plausible data for every command: the stage check comes before anything looks at it. */
const DATA: Record<ApplicationCommandType, unknown> = {
  DraftApplication: transitionSupportTerms(),
  SubmitApplication: {},
  StartReview: { facts: { applicant: { kind: 'hospital' } } },
  RequestCorrection: { items: ['x'] },
  ResubmitApplication: {},
  DecideGrant: {},
  RejectApplication: {},
  WithdrawApplication: {},
  RequestChange: { changeId: 'c' },
  ApproveChange: {},
  RejectChange: {},
  RecordPayment: { paymentId: 'p', amount: 1000 },
  ReportPerformance: { actualExpenditure: 1, otherIncome: 0 },
  ConfirmAmount: {},
  RecordRefund: { refundId: 'r', amount: 1000 },
  CloseApplication: {},
};

const PAIRS = APPLICATION_STAGES.flatMap((stage) =>
  APPLICATION_COMMAND_TYPES.map((type) => [stage, type] as const),
);

describe('the application stages', () => {
  it('has a history for every stage, and the table allows exactly the expected commands', () => {
    for (const stage of APPLICATION_STAGES) expect(stateOf(HISTORY_IN_STAGE[stage]).stage).toBe(stage);
    expect(APPLICATION_ALLOWED_COMMANDS).toEqual(EXPECTED_ALLOWED);
  });

  it.each(PAIRS)(
    'in %s, %s is refused as an illegal transition exactly when the table does not allow it',
    (stage, type) => {
      const cmd = command(type, DATA[type] as never, '2016-06-01', actorFor(type), 'reason');
      let error: unknown;
      try {
        decider.decide(cmd, stateOf(HISTORY_IN_STAGE[stage]));
      } catch (caught) {
        error = caught;
      }
      const allowed = EXPECTED_ALLOWED[stage].includes(type);
      if (allowed) {
        // It may still be refused by a business rule (a date, an amount), never by the stage.
        if (error !== undefined) expect((error as DomainError).code).not.toBe('ILLEGAL_TRANSITION');
        return;
      }
      expect(error).toBeInstanceOf(IllegalTransitionError);
      const illegal = error as IllegalTransitionError;
      expect(illegal).toBeInstanceOf(DomainError);
      expect(illegal.code).toBe('ILLEGAL_TRANSITION');
      expect(illegal.stage).toBe(stage);
      expect(illegal.allowedCommands).toEqual(EXPECTED_ALLOWED[stage]);
      expect(illegal.message).toContain(stage);
      for (const allowedType of EXPECTED_ALLOWED[stage]) expect(illegal.message).toContain(allowedType);
    },
  );

  it('names a final stage as final', () => {
    const error = given(HISTORY_IN_STAGE.Closed)
      .when(
        command('RecordPayment', { paymentId: 'p9', amount: 1000 }, '2017-06-01', {
          id: 'cw-1',
          role: 'caseworker',
        }),
      )
      .thenThrows('ILLEGAL_TRANSITION');
    expect(error.message).toContain('Closed is final');
  });
});
