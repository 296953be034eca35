import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  applicationDecider,
  applicationStreamId,
  multiYearGrantStreamId,
  type ApplicationCommand,
  type ApplicationRecipient,
  trainingOfferingDecider,
  trainingStreamId,
  type TrainingCommand,
} from '#domain';
import { PostgresEventStore, type RecordedEvent } from '#event-store';
import { handleCommand, systemClock } from '#platform';
import { SEED_APPLICATION_RULES } from '#workflow';
import { runIdOf } from '../scheduled-job.ts';
import { fiscalYearRolloverJob } from './fiscal-year-rollover-job.ts';

/**
 * The 1 April rollover on the real event store: a 在宅療養移行支援事業 grant decided in FY2016 (year 1,
 * 10/10) is funded at 1/2 in FY2017 — exactly once, however often and however concurrently the job runs.
 */
describe('the fiscal-year rollover job (real PostgreSQL)', () => {
  // Each test on a database of its own: the rollover reads the whole log, and 1 April comes once per log.
  let admin: pg.Client;
  let database: string;
  let store: PostgresEventStore;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL! });
    await admin.connect();
  });
  afterAll(async () => admin.end());
  beforeEach(async () => {
    database = `zaitaku_rollover_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${database}`;
    store = await PostgresEventStore.open({ connectionString: url.toString(), clock: systemClock });
  });
  afterEach(async () => {
    await store.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  const job = () => fiscalYearRolloverJob({ store, rules: SEED_APPLICATION_RULES });
  const runAt = (at: Date, attempt = 1) =>
    job().run({ scheduledFor: at, runId: runIdOf('fiscal-year-rollover', at), attempt });
  const april1 = (year: number) => new Date(`${year}-04-01T00:00:00+09:00`);
  const jst = (date: string) => new Date(`${date}T10:00:00+09:00`);

  async function grantTransitionSupport(recipient: ApplicationRecipient): Promise<void> {
    const applicationId = `rollover-${randomUUID()}`;
    const decider = applicationDecider(SEED_APPLICATION_RULES.catalogue, {
      schedule: SEED_APPLICATION_RULES.schedule,
    });
    const steps: ApplicationCommand[] = [
      {
        type: 'DraftApplication',
        data: {
          applicationId,
          programId: 'transition-support',
          menuId: 'discharge-staff',
          fiscalYear: 2016,
          programYear: 1,
          recipient,
          quantity: { persons: 2 },
          plannedExpenditure: 8_000_000,
          otherIncome: 0,
        },
        actor: { id: `inst-${recipient.id}`, role: 'institution', institutionId: recipient.id },
        at: jst('2016-04-05'),
      },
      {
        type: 'SubmitApplication',
        data: {},
        actor: { id: `inst-${recipient.id}`, role: 'institution', institutionId: recipient.id },
        at: jst('2016-04-10'),
      },
      {
        type: 'StartReview',
        data: {
          facts: {
            applicant: { kind: 'hospital', beds: 150, designatedSecondaryEmergency: true },
            dischargeSupportStandard: { metThisFiscalYear: true, metBeforeFirstProgramYear: false },
            acceptsPatientsOnConditionChange: true,
            staffTrainingCompletions: [],
          },
        },
        actor: { id: 'cw-1', role: 'caseworker' },
        at: jst('2016-04-15'),
      },
      { type: 'DecideGrant', data: {}, actor: { id: 'ap-1', role: 'approver' }, at: jst('2016-05-01') },
    ];
    for (const command of steps)
      await handleCommand(store, {
        streamId: applicationStreamId(applicationId),
        decider,
        command,
        metadata: { correlationId: `setup-${applicationId}` },
      });
  }

  const termsOf = (events: RecordedEvent[]) =>
    events.map((e) => {
      const data = e.data as {
        terms?: { fiscalYear: number; programYear: number; subsidyRate: string };
        reason?: string;
      };
      return data.terms
        ? `${e.type} ${data.terms.fiscalYear} 年目${data.terms.programYear} ${data.terms.subsidyRate}`
        : `${e.type} ${data.reason}`;
    });

  it('given a year-1 grant of FY2016, when 1 April 2017 comes twice at once and once more, then year 2 at 1/2 is recorded once; FY2018 ends it', async () => {
    const recipient: ApplicationRecipient = { kind: 'hospital', id: 'hosp-a', municipalityCode: '131016' };
    await grantTransitionSupport(recipient);
    await Promise.all([runAt(april1(2017)), runAt(april1(2017))]); // two workers
    await runAt(april1(2017), 2); // a redelivery after a lost acknowledgement
    const streamId = multiYearGrantStreamId('transition-support', 'discharge-staff', recipient);
    expect(termsOf(await store.readStream(streamId))).toEqual([
      'MultiYearGrantStarted 2016 年目1 10/10',
      'ProgramYearAdvanced 2017 年目2 1/2',
    ]);
    const [, advanced] = await store.readStream(streamId);
    expect(advanced!.data).toMatchObject({ previousSubsidyRate: '10/10', rateChanged: true });
    expect(advanced!.metadata).toMatchObject({
      actorRole: 'system',
      correlationId: runIdOf('fiscal-year-rollover', april1(2017)),
    });

    await runAt(april1(2018));
    await runAt(april1(2018));
    expect(termsOf(await store.readStream(streamId))).toEqual([
      'MultiYearGrantStarted 2016 年目1 10/10',
      'ProgramYearAdvanced 2017 年目2 1/2',
      'MultiYearGrantEnded maxProgramYearsReached',
    ]);
  });

  it("records FY2017 once: the applications opened by FY2016's training and the ② duty of its ③ completer", async () => {
    await completeCourse('common', 'nurse-1', 'hosp-b');
    await completeCourse('dischargeSupportBasic', 'nurse-1', 'hosp-b');
    await completeCourse('common', 'nurse-2', 'hosp-c');
    await completeCourse('dischargeSupportAdvanced', 'nurse-2', 'hosp-c'); // no duty: ② taken
    await Promise.all([runAt(april1(2017)), runAt(april1(2017))]);
    await runAt(april1(2017), 2);
    const year = await store.readStream('fiscalYearRollover-2017');
    expect(year.map((e) => e.type)).toEqual([
      'ApplicationsOpenedByTraining',
      'TrainingObligationsRaised',
      'FiscalYearRolledOver',
    ]);
    expect(year[0]!.data).toMatchObject({
      programId: 'transition-staffing',
      institutions: [
        { institutionId: 'hosp-b', enabledByTrainingIn: 2016, personIds: ['nurse-1'] },
        { institutionId: 'hosp-c', enabledByTrainingIn: 2016, personIds: ['nurse-2'] },
      ],
    });
    expect(year[1]!.data).toEqual({
      fiscalYear: 2017,
      obligations: [
        {
          institutionId: 'hosp-b',
          personId: 'nurse-1',
          course: 'dischargeSupportAdvanced',
          dueFiscalYear: 2017,
        },
      ],
    });
  });

  /** A completion through the training decider, as the trainings API records it. */
  async function completeCourse(courseId: string, personId: string, institutionId: string): Promise<void> {
    const offeringId = `${courseId}-${randomUUID()}`;
    const caseworker = { id: 'cw-training', role: 'caseworker' as const };
    const steps: TrainingCommand[] = [
      {
        type: 'OfferTraining',
        data: {
          offeringId,
          courseId,
          fiscalYear: 2016,
          sessions: [{ sessionId: 'course', date: '2016-09-10' }],
        },
        actor: caseworker,
        at: jst('2016-06-01'),
      },
      {
        type: 'EnrollParticipant',
        data: { personId, institutionId },
        actor: caseworker,
        at: jst('2016-07-01'),
      },
      {
        type: 'RecordAttendance',
        data: { personId, sessionId: 'course' },
        actor: caseworker,
        at: jst('2016-09-10'),
      },
      { type: 'CompleteTraining', data: { personId }, actor: caseworker, at: jst('2016-09-10') },
    ];
    for (const command of steps)
      await handleCommand(store, {
        streamId: trainingStreamId(offeringId),
        decider: trainingOfferingDecider,
        command,
        metadata: { correlationId: `setup-${offeringId}` },
      });
  }
});
