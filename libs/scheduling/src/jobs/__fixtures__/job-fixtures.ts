import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type ApplicationCommand, type ApplicationRecipient, type TrainingCommand } from '#domain';
import { PostgresEventStore } from '#event-store';
import { dropScratchDatabase } from '#event-store-testing';
import { systemClock } from '#platform';
import { createCommandGateway } from '#workflow';

export const jst = (date: string): Date => new Date(`${date}T10:00:00+09:00`);

/**
 * Each test of the calling suite on an event store in a database of its own: these jobs read the whole
 * log, and a calendar day comes once per log. Returns getters for the current test's store and its URL.
 */
export function eventStorePerTest(): {
  readonly store: () => PostgresEventStore;
  readonly url: () => string;
} {
  let admin: pg.Client;
  let database: string;
  let url: URL;
  let store: PostgresEventStore;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL! });
    await admin.connect();
  });
  afterAll(async () => admin.end());
  beforeEach(async () => {
    database = `zaitaku_jobs_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE DATABASE ${database}`);
    url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${database}`;
    store = await PostgresEventStore.open({ connectionString: url.toString(), clock: systemClock });
  });
  afterEach(async () => {
    await store.close();
    await dropScratchDatabase(admin, database);
  });
  return { store: () => store, url: () => url.toString() };
}

/** A 在宅療養移行支援事業 case of FY2016 (year 1) taken to its grant decision through the command gateway. */
export async function grantTransitionSupport(
  store: PostgresEventStore,
  recipient: ApplicationRecipient,
): Promise<string> {
  const applicationId = `rollover-${randomUUID()}`;
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
  const gateway = createCommandGateway(store);
  for (const command of steps)
    await gateway.send('application', applicationId, command, {
      metadata: { correlationId: `setup-${applicationId}` },
    });
  return applicationId;
}

/** A completion through the command gateway, as the trainings API records it. */
export async function completeCourse(
  store: PostgresEventStore,
  courseId: string,
  personId: string,
  institutionId: string,
): Promise<void> {
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
  const gateway = createCommandGateway(store);
  for (const command of steps)
    await gateway.send('training', offeringId, command, {
      metadata: { correlationId: `setup-${offeringId}` },
    });
}
