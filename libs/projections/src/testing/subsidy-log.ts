// Test support: a small subsidy log decided by the real deciders (projections may not use the workflow's gateway).
import {
  applicationDecider,
  budgetDecider,
  foldEvents,
  SEED_CATALOGUE,
  trainingOfferingDecider,
  type Actor,
  type ApplicationCommand,
  type Command,
  type Decider,
  type DomainEvent,
  type TrainingCommand,
} from '#domain';
import type { EventStore, GlobalPosition, NewEvent } from '#event-store';
import { eventMetadataOf } from '#platform';
import {
  approver,
  caseworker,
  command,
  jst,
  transitionSupportFacts,
  transitionSupportTerms,
} from '#domain-testing';

const applications = applicationDecider(SEED_CATALOGUE);
const budgets = budgetDecider(SEED_CATALOGUE);
const metadata = { correlationId: 'subsidy-log' };

/** One command of the log, decided in memory. */
interface Step {
  readonly streamId: string;
  /** Decided on the stream's history so far (in memory): the events it adds, with their metadata. */
  decide(history: readonly DomainEvent[]): NewEvent[];
}

function step<C extends Command, State, Event extends DomainEvent>(
  streamId: string,
  decider: Decider<C, State, Event>,
  decided: C,
): Step {
  return {
    streamId,
    decide: (history) =>
      decider.decide(decided, foldEvents(decider, history as Event[])).map((event) => ({
        type: event.type,
        data: event.data,
        metadata: eventMetadataOf(decided, metadata),
      })),
  };
}

/**
 * For each of `hospitals` hospitals (ids `<prefix>-<i>`): a nurse trained in ① or ③ (FY2015), a
 * 在宅療養移行支援事業 application of FY2016 taken to a stage that depends on `i` (granted, paid,
 * reported, confirmed, closed), and the programme's FY2016 budget, allocated then reallocated.
 */
function subsidySteps(prefix: string, hospitals: number, budget = true): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < hospitals; i++) {
    const hospital = `${prefix}-${i}`;
    const actor: Actor = { id: `staff-${hospital}`, role: 'institution', institutionId: hospital };
    const course = i % 2 === 0 ? 'common' : 'dischargeSupportBasic';
    const offeringId = `${course}-2015-${hospital}`;
    for (const trainingCommand of training(offeringId, course, `nurse-${hospital}`, hospital)) {
      steps.push(step(`training-${offeringId}`, trainingOfferingDecider, trainingCommand));
    }
    const applicationId = `${hospital}-y1`;
    const commands: ApplicationCommand[] = [
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
    for (const each of commands.slice(0, 4 + (i % 5))) {
      steps.push(step(`application-${applicationId}`, applications, each));
    }
  }
  if (!budget) return steps;
  for (const [amount, reason] of [
    [90_000_000, undefined],
    [120_000_000, '補正予算'],
  ] as const) {
    steps.push(
      step('budget-transition-support.2016', budgets, {
        type: 'AllocateBudget',
        data: { programId: 'transition-support', fiscalYear: 2016, amount },
        actor: caseworker,
        at: jst('2016-04-01'),
        ...(reason ? { reason } : {}),
      }),
    );
  }
  return steps;
}

/**
 * The subsidy log of `hospitals` hospitals (subsidySteps), decided by the domain's deciders and
 * appended one command at a time, each with the revision it was decided on. Returns the last position.
 */
export async function writeSubsidyLog(
  store: EventStore,
  prefix: string,
  hospitals = 3,
  budget = true,
): Promise<GlobalPosition> {
  const histories = new Map<string, NewEvent[]>();
  let last = 0n;
  for (const each of subsidySteps(prefix, hospitals, budget)) {
    const history = histories.get(each.streamId) ?? [];
    const events = each.decide(history);
    if (events.length === 0) continue;
    const expectedRevision = history.length === 0 ? 'no_stream' : history.length - 1;
    const { position } = await store.append(each.streamId, events, { expectedRevision });
    histories.set(each.streamId, [...history, ...events]);
    if (position > last) last = position;
  }
  return last;
}

/** The same log decided in memory by the same deciders: each stream's events, in order. */
export function decideSubsidyLog(prefix: string, hospitals: number, budget = true): Map<string, NewEvent[]> {
  const streams = new Map<string, NewEvent[]>();
  for (const each of subsidySteps(prefix, hospitals, budget)) {
    const history = streams.get(each.streamId) ?? [];
    streams.set(each.streamId, [...history, ...each.decide(history)]);
  }
  return streams;
}

/**
 * The log of decideSubsidyLog, each stream's events appended in ONE multi-event append
 * (`concurrency` streams at a time): a large log quickly. Returns the number of events and the last
 * position.
 */
export async function appendSubsidyLog(
  store: EventStore,
  prefix: string,
  hospitals: number,
  concurrency = 8,
  budget = true,
): Promise<{ events: number; position: GlobalPosition }> {
  const streams = decideSubsidyLog(prefix, hospitals, budget);
  const queue = [...streams];
  let position = 0n;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [streamId, events] = next;
        const appended = await store.append(streamId, events, { expectedRevision: 'no_stream' });
        if (appended.position > position) position = appended.position;
      }
    }),
  );
  return { events: [...streams.values()].reduce((n, events) => n + events.length, 0), position };
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
