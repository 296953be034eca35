import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore, type RecordedEvent } from '#event-store';
import { systemClock } from '#platform';
import { createCommandGateway } from '#workflow';
import { runIdOf, type ScheduledJob } from '../scheduled-job.ts';
import { occurrencesBetween } from '../tokyo-cron.ts';
import { designationCycleJobs } from './designation-cycle-jobs.ts';

/**
 * One designation round driven by its jobs alone, on the real event store: each run at its calendar
 * instant (a virtual clock: we call the job for every occurrence), repeated and concurrent runs included.
 */
describe('the designation cycle jobs (real PostgreSQL)', () => {
  // A fiscal year no other test uses: every test database run starts a new one.
  const fiscalYear = 2100 + Math.floor(Math.random() * 800);
  const codes = ['131016', '131024', '132012'];
  let store: PostgresEventStore;
  let open: ScheduledJob;
  let daily: ScheduledJob;
  beforeAll(async () => {
    store = await PostgresEventStore.open({
      connectionString: process.env.DATABASE_URL!,
      clock: systemClock,
    });
    [open, daily] = designationCycleJobs({ store, municipalityCodes: codes }) as [ScheduledJob, ScheduledJob];
  });
  afterAll(async () => store.close());

  const run = (job: ScheduledJob, at: Date) =>
    job.run({ scheduledFor: at, runId: runIdOf(job.name, at), attempt: 1 });
  const runDailyBetween = async (from: string, to: string) => {
    for (const at of occurrencesBetween(
      daily.cron,
      new Date(`${from}T00:00:00+09:00`),
      new Date(`${to}T23:59:59+09:00`),
    )) {
      await run(daily, at);
    }
  };
  const recommend = (id: string, institutionId: string, on: string) =>
    createCommandGateway(store).send(
      'recommendationRound',
      fiscalYear,
      {
        type: 'RecommendInstitution',
        data: {
          recommendationId: id,
          municipalityCode: '132012',
          institution: { institutionId, name: `医療機関${institutionId}`, homeCareSupport: true },
          consultation: { parties: ['八王子市医師会'], heldOn: on, summary: '協議済' },
        },
        actor: { id: 'm-1', role: 'municipality', municipalityCode: '132012' },
        at: new Date(`${on}T10:00:00+09:00`),
      },
      { metadata: { correlationId: `req-${id}` } },
    );
  const types = (events: RecordedEvent[]) =>
    events.map(
      (e) =>
        `${e.type}@${(e.data as Record<string, string>).remindedOn ?? (e.data as Record<string, string>).designatedOn ?? (e.data as Record<string, string>).closedOn ?? (e.data as Record<string, string>).publishedOn ?? (e.data as Record<string, string>).openedOn ?? ''}`,
    );

  it('opens in November, reminds in February, closes, designates at the cut-off, publishes, surveys, and designates a late recommendation as it arrives — each once', async () => {
    const november = new Date(`${fiscalYear}-11-01T09:00:00+09:00`);
    await Promise.all([run(open, november), run(open, november)]); // two workers at once
    await run(open, november); // and a redelivery
    await runDailyBetween(`${fiscalYear}-11-01`, `${fiscalYear + 1}-01-31`);
    await recommend('r-1', 'inst-1', `${fiscalYear + 1}-01-31`);
    await runDailyBetween(`${fiscalYear + 1}-02-01`, `${fiscalYear + 1}-03-31`);
    await recommend('r-2', 'inst-2', `${fiscalYear + 1}-04-02`);
    const april3 = new Date(`${fiscalYear + 1}-04-03T09:00:00+09:00`);
    await Promise.all([run(daily, april3), run(daily, april3)]);
    await runDailyBetween(`${fiscalYear + 1}-04-04`, `${fiscalYear + 1}-04-10`);

    const round = await store.readStream(`designationRound-${fiscalYear}`);
    const lastFebruary = new Date(Date.UTC(fiscalYear + 1, 2, 0)).getUTCDate();
    expect(types(round)).toEqual([
      `RecommendationRoundOpened@${fiscalYear}-11-01`,
      'InstitutionRecommended@',
      `MunicipalitiesReminded@${fiscalYear + 1}-02-01`,
      `MunicipalitiesReminded@${fiscalYear + 1}-02-${String(lastFebruary - 7).padStart(2, '0')}`,
      `RecommendationWindowClosed@${fiscalYear + 1}-03-01`,
      `InstitutionDesignated@${fiscalYear + 1}-03-14`,
      `DesignationListPublished@${fiscalYear + 1}-03-31`,
      'FollowUpSurveyIssued@',
      'InstitutionRecommended@',
      `InstitutionDesignated@${fiscalYear + 1}-04-02`, // 順次指定: on arrival, not at the next daily step
      `DesignationListPublished@${fiscalYear + 1}-04-03`,
    ]);
    expect(round.at(-1)!.data).toMatchObject({ version: 2, coordinationHubs: codes });
    expect(round[0]!.metadata).toMatchObject({ actorId: 'system:designation-cycle', actorRole: 'system' });
    const survey = await store.readStream(`hubSurvey-${fiscalYear}`);
    expect(survey.map((e) => e.type)).toEqual(['HubSurveyIssued']);
  });
});
