import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  applicationDecider,
  foldEvents,
  nextApplicationAction,
  SEED_CATALOGUE,
  type ApplicationCommand,
  type ApplicationEvent,
} from '#domain';
import { transitionSupportFacts, transitionSupportTerms } from '#domain-testing';
import { PostgresEventStore, systemClock } from '#event-store';
import { eventMetadataOf } from '#platform';
import {
  eligibilityLookups,
  EVENT_TAGS,
  retagEvents,
  SEED_APPLICATION_RULES,
  workflowAggregates,
} from '#workflow';
import { dropScratchDatabase } from '#event-store-testing';

const jst = (date: string) => new Date(`${date}T10:00:00+09:00`);
const hospital = { kind: 'hospital' as const, id: 'hosp-old-log', municipalityCode: '131016' };
const applicant = { id: 'staff-old', role: 'institution' as const, institutionId: hospital.id };

/**
 * A log written before the tag index (events appended without tags, as the old command loop did) is
 * tagged by `npm run cli -- events retag`: afterwards the lookups by key find what they need.
 */
describe('retagEvents (real PostgreSQL, a scratch database)', () => {
  let admin: pg.Pool;
  let store: PostgresEventStore;
  const database = `zaitaku_retag_${randomUUID().replaceAll('-', '')}`;

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: process.env.DATABASE_URL!, max: 1 });
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${database}`;
    store = await PostgresEventStore.open({ connectionString: url.toString(), clock: systemClock });
  });
  afterAll(async () => {
    await store?.close();
    await dropScratchDatabase(admin, database);
    await admin.end();
  });

  it('given an untagged granted case, when the log is retagged (twice), then the lookups find its grant and due date', async () => {
    // Given: a case decided and appended with no tags at all (the log of an earlier version).
    const decider = applicationDecider(SEED_CATALOGUE);
    const commands: ApplicationCommand[] = [
      {
        type: 'DraftApplication',
        data: transitionSupportTerms({ recipient: hospital }),
        actor: applicant,
        at: jst('2016-04-05'),
      },
      { type: 'SubmitApplication', data: {}, actor: applicant, at: jst('2016-04-10') },
      {
        type: 'StartReview',
        data: { facts: transitionSupportFacts },
        actor: { id: 'cw-1', role: 'caseworker' },
        at: jst('2016-04-15'),
      },
      { type: 'DecideGrant', data: {}, actor: { id: 'ap-1', role: 'approver' }, at: jst('2016-05-01') },
    ];
    const history: ApplicationEvent[] = [];
    for (const command of commands) {
      const events = decider.decide(command, foldEvents(decider, history));
      await store.append(
        'application-app-1',
        events.map((e) => ({
          type: e.type,
          data: e.data,
          metadata: eventMetadataOf(command, { correlationId: 'old' }),
        })),
        { expectedRevision: history.length === 0 ? 'no_stream' : history.length - 1 },
      );
      history.push(...events);
    }
    const lookups = eligibilityLookups(store);
    expect(await lookups.participationOf(hospital.id)).toEqual([]);
    const dueDate = nextApplicationAction(foldEvents(decider, history))!.dueDate!;
    expect(await store.readByTag(EVENT_TAGS.applicationDueOn(dueDate))).toEqual([]);

    // When
    const aggregates = workflowAggregates(SEED_APPLICATION_RULES, lookups);
    const first = await retagEvents(store, aggregates);
    const second = await retagEvents(store, aggregates);

    // Then
    expect(first).toMatchObject({ events: history.length });
    expect(second).toEqual(first);
    expect(await lookups.participationOf(hospital.id)).toEqual([
      { programId: 'transition-support', fiscalYear: 2016 },
    ]);
    expect((await store.readByTag(EVENT_TAGS.firstYearGrantDecided)).map((e) => e.type)).toEqual([
      'GrantDecided',
    ]);
    const due = await store.readByTag(EVENT_TAGS.applicationDueOn(dueDate));
    expect(due.map((e) => e.type)).toContain('GrantDecided');
    // Each tag once: the second run added nothing.
    expect(new Set(due.map((e) => e.position)).size).toBe(due.length);
  });
});
