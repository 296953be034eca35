import { beforeEach, describe, expect, it } from '@jest/globals';
import { multiYearGrantStreamId, type ApplicationRecipient } from '#domain';
import type { PostgresEventStore, RecordedEvent } from '#event-store';
import { SEED_APPLICATION_RULES } from '#workflow';
import { runIdOf } from '../scheduled-job.ts';
import { completeCourse, eventStorePerTest, grantTransitionSupport } from './__fixtures__/job-fixtures.ts';
import { fiscalYearRolloverJob } from './fiscal-year-rollover-job.ts';

/**
 * The 1 April rollover on the real event store: a 在宅療養移行支援事業 grant decided in FY2016 (year 1,
 * 10/10) is funded at 1/2 in FY2017 — exactly once, however often and however concurrently the job runs.
 */
describe('the fiscal-year rollover job (real PostgreSQL)', () => {
  const storeOf = eventStorePerTest().store;
  let store: PostgresEventStore;
  beforeEach(() => {
    store = storeOf();
  });

  const job = () => fiscalYearRolloverJob({ store, rules: SEED_APPLICATION_RULES });
  const runAt = (at: Date, attempt = 1) =>
    job().run({ scheduledFor: at, runId: runIdOf('fiscal-year-rollover', at), attempt });
  const april1 = (year: number) => new Date(`${year}-04-01T00:00:00+09:00`);

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
    await grantTransitionSupport(store, recipient);
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
    await completeCourse(store, 'common', 'nurse-1', 'hosp-b');
    await completeCourse(store, 'dischargeSupportBasic', 'nurse-1', 'hosp-b');
    await completeCourse(store, 'common', 'nurse-2', 'hosp-c');
    await completeCourse(store, 'dischargeSupportAdvanced', 'nurse-2', 'hosp-c'); // no duty: ② taken
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
});
