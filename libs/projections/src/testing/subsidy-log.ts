// Test support: a small subsidy log written through the command loop and the real deciders.
import {
  applicationDecider,
  budgetDecider,
  SEED_CATALOGUE,
  trainingOfferingDecider,
  type Actor,
  type ApplicationCommand,
  type Command,
  type Decider,
  type DomainEvent,
  type TrainingCommand,
} from '#domain';
import type { EventStore, GlobalPosition } from '#event-store';
import { handleCommand } from '#platform';
import {
  approver,
  caseworker,
  command,
  jst,
  transitionSupportFacts,
  transitionSupportTerms,
} from '../../../domain/src/applications/__fixtures__/application-histories.ts';

const applications = applicationDecider(SEED_CATALOGUE);
const budgets = budgetDecider(SEED_CATALOGUE);
const metadata = { correlationId: 'subsidy-log' };

/**
 * For each of `hospitals` hospitals (ids `<prefix>-<i>`): a nurse trained in ① or ③ (FY2015), a 在宅療養移行支援事業 application of FY2016 taken to a stage that depends on `i`
 * (granted, paid, confirmed, closed), and the programme's FY2016 budget, allocated then reallocated.
 * Every event is decided by the domain's deciders through handleCommand. Returns the last position.
 */
export async function writeSubsidyLog(
  store: EventStore,
  prefix: string,
  hospitals = 3,
): Promise<GlobalPosition> {
  let last = 0n;
  const decide = async <C extends Command, State, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<C, State, Event>,
    decided: C,
  ) => {
    const outcome = await handleCommand(store, { streamId, decider, command: decided, metadata });
    if (BigInt(outcome.position) > last) last = BigInt(outcome.position);
  };
  for (let i = 0; i < hospitals; i++) {
    const hospital = `${prefix}-${i}`;
    const actor: Actor = { id: `staff-${hospital}`, role: 'institution', institutionId: hospital };
    const course = i % 2 === 0 ? 'common' : 'dischargeSupportBasic';
    const offeringId = `${course}-2015-${hospital}`;
    for (const trainingCommand of training(offeringId, course, `nurse-${hospital}`, hospital)) {
      await decide(`training-${offeringId}`, trainingOfferingDecider, trainingCommand);
    }
    const applicationId = `${hospital}-y1`;
    const steps: ApplicationCommand[] = [
      command(
        'DraftApplication',
        transitionSupportTerms({
          applicationId,
          recipient: { kind: 'hospital', id: hospital, municipalityCode: '131016' },
        }),
        '2016-04-05',
        actor,
      ),
      command('SubmitApplication', {}, '2016-04-10', actor),
      command('StartReview', { facts: transitionSupportFacts }, '2016-04-15', caseworker),
      command('DecideGrant', {}, '2016-05-01', approver),
      command('RecordPayment', { paymentId: 'pay-1', amount: 7_200_000 }, '2016-05-10', caseworker),
      command('ReportPerformance', { actualExpenditure: 7_300_000, otherIncome: 0 }, '2017-04-05', actor),
      command('ConfirmAmount', {}, '2017-04-20', approver),
      command('CloseApplication', {}, '2017-05-02', caseworker),
    ];
    for (const step of steps.slice(0, 4 + (i % 5))) {
      await decide(`application-${applicationId}`, applications, step);
    }
  }
  for (const [amount, reason] of [
    [90_000_000, undefined],
    [120_000_000, '補正予算'],
  ] as const) {
    await decide('budget-transition-support.2016', budgets, {
      type: 'AllocateBudget',
      data: { programId: 'transition-support', fiscalYear: 2016, amount },
      actor: caseworker,
      at: jst('2016-04-01'),
      ...(reason ? { reason } : {}),
    });
  }
  return last;
}

/** A one-session course offered, attended and completed by one person. */
function training(
  offeringId: string,
  courseId: 'common' | 'dischargeSupportBasic',
  personId: string,
  institutionId: string,
): TrainingCommand[] {
  const at = jst('2015-07-01');
  const by = { actor: caseworker, at };
  return [
    {
      type: 'OfferTraining',
      data: {
        offeringId,
        courseId,
        fiscalYear: 2015,
        sessions: [{ sessionId: 'course', date: '2015-07-01' }],
      },
      ...by,
    },
    { type: 'EnrollParticipant', data: { personId, institutionId }, ...by },
    { type: 'RecordAttendance', data: { personId, sessionId: 'course' }, ...by },
    { type: 'CompleteTraining', data: { personId }, ...by },
  ];
}
