import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isApplicationEvent, type ApplicationEvent } from '../applications/application-events.ts';
import {
  closed,
  command,
  granted,
  hospital,
  otherHospital,
  run,
  stateOf,
  transitionSupportTerms,
} from '../applications/__fixtures__/application-histories.ts';
import { grantRecords } from '../grants/__fixtures__/grant-records.ts';
import { isMultiYearGrantEvent, type MultiYearGrantEvent } from '../grants/multi-year-grant.ts';
import { SEED_CATALOGUE } from '../rules/seed-catalogue.ts';
import { completedTraining } from '../trainings/__fixtures__/completed-training.ts';
import { isTrainingEvent } from '../trainings/training-events.ts';
import type { TimelineApplication } from './recipient-program-timeline.ts';
import { summariseApplication } from './timeline-derivations.ts';
import {
  evolveTimelineApplication,
  evolveTimelineGrants,
  NO_TIMELINE_GRANTS,
  timelineCompletionOf,
  type TimelineCompletionFact,
  type TimelineGrants,
} from './timeline-facts.ts';
import { recipientProgramTimelineProjection, type TimelineEvent } from './timeline-projection.ts';

const timeline = recipientProgramTimelineProjection(SEED_CATALOGUE);
/** A draft of 在宅療養移行支援事業 for `recipientId` (hosp-1 or hosp-2), submitted when `submit`. */
function application(applicationId: string, fy: number, recipientId: string, submit: boolean) {
  const actor = recipientId === 'hosp-1' ? hospital : otherHospital;
  const terms = transitionSupportTerms({
    applicationId,
    fiscalYear: fy,
    programYear: fy - 2015,
    recipient: { kind: 'hospital', id: recipientId, municipalityCode: '131016' },
  });
  const drafted = run([], command('DraftApplication', terms, `${fy}-04-05`, actor));
  return submit ? run(drafted, command('SubmitApplication', {}, `${fy}-04-10`, actor)) : drafted;
}

/**
 * A timeline as a store of records keeps it (the read model's tables): each application a record of its
 * own with the position of its first event, the completions in log order, the grant records — each
 * changed by one event through the facts' functions — and the timeline assembled from them on read.
 */
function storedTimeline(recipientId: string, programId: string, events: readonly TimelineEvent[]) {
  const applications = new Map<string, { first: number; application: TimelineApplication }>();
  const completions: TimelineCompletionFact[] = [];
  let grants: TimelineGrants = NO_TIMELINE_GRANTS;
  events.forEach((event, position) => {
    if (isApplicationEvent(event)) {
      if (event.data.recipient.id !== recipientId || event.data.programId !== programId) return;
      const row = applications.get(event.data.applicationId);
      applications.set(event.data.applicationId, {
        first: row?.first ?? position,
        application: evolveTimelineApplication(SEED_CATALOGUE, row?.application, event),
      });
    } else if (isMultiYearGrantEvent(event)) {
      if (event.data.recipient.id !== recipientId || event.data.programId !== programId) return;
      grants = evolveTimelineGrants(grants, event);
    } else if (isTrainingEvent(event) && event.type === 'TrainingCompleted') {
      if (event.data.institutionId === recipientId) completions.push(timelineCompletionOf(event));
    }
  });
  // As the read model reads them: by fiscal year, then by their first event.
  const ordered = [...applications.values()]
    .sort(
      (a, b) =>
        a.application.state.ref!.fiscalYear - b.application.state.ref!.fiscalYear || a.first - b.first,
    )
    .map(({ application }) => application);
  return timeline.assemble(recipientId, programId, { applications: ordered, completions, ...grants });
}

describe('the facts a timeline is made of, each changed on its own', () => {
  it('given an application, when each of its events evolves its summary, then the summary is that of the folded state', () => {
    const summary = closed.reduce<TimelineApplication | undefined>(
      (current, event) => evolveTimelineApplication(SEED_CATALOGUE, current, event),
      undefined,
    );
    expect(summary).toEqual(summariseApplication(SEED_CATALOGUE, stateOf(closed)));
    expect(summary).toMatchObject({ applicationId: 'app-1', stage: 'Closed', subsidyRate: '10/10' });
  });

  it('given a started grant, when the rollover advances it in schema version 1 (no menu), then the advance is the menu that reached the year before', () => {
    const records = grantRecords('hosp-1', [2017]).map((e) =>
      e.type === 'ProgramYearAdvanced' ? { ...e, data: { ...e.data, menuId: undefined } } : e,
    ) as MultiYearGrantEvent[];
    const grants = records.reduce(evolveTimelineGrants, NO_TIMELINE_GRANTS);
    expect(grants.grants.map((g) => [g.fiscalYear, g.menuId, g.programYear, g.recorded])).toEqual([
      [2016, 'discharge-staff', 1, 'started'],
      [2017, 'discharge-staff', 2, 'advanced'],
    ]);
    expect(grants.grantsEnded).toEqual([]);
  });

  it('given a completion, then its fact is the course, person and fiscal year of the event', () => {
    const [done] = completedTraining('common', '2015-07-01', 2015, 'nurse-7', 'hosp-1').filter(
      (e) => e.type === 'TrainingCompleted',
    );
    expect(timelineCompletionOf(done as Parameters<typeof timelineCompletionOf>[0])).toEqual({
      personId: 'nurse-7',
      course: 'common',
      fiscalYear: 2015,
      offeringId: expect.any(String),
      completedOn: '2015-07-01',
    });
  });

  it('given applications stored in the order of their first event, when assembled, then each year lists its own in that order', () => {
    const later = evolveTimelineApplication(
      SEED_CATALOGUE,
      undefined,
      application('b-2017', 2017, 'hosp-1', false)[0]!,
    );
    const earlier = evolveTimelineApplication(
      SEED_CATALOGUE,
      undefined,
      application('a-2016', 2016, 'hosp-1', false)[0]!,
    );
    const again = evolveTimelineApplication(
      SEED_CATALOGUE,
      undefined,
      application('c-2016', 2016, 'hosp-1', false)[0]!,
    );
    const t = timeline.assemble('hosp-1', 'transition-support', {
      applications: [later, earlier, again],
      completions: [],
      ...NO_TIMELINE_GRANTS,
    });
    expect(t.years.map((y) => [y.fiscalYear, y.applications.map((a) => a.applicationId)])).toEqual([
      [2016, ['a-2016', 'c-2016']],
      [2017, ['b-2017']],
    ]);
  });

  /** Independent histories (each stream's events in order) that a log interleaves. */
  const streams: readonly (readonly TimelineEvent[])[] = [
    closed,
    granted.map((e) => ({ ...e, data: { ...e.data, applicationId: 'app-g' } })) as ApplicationEvent[],
    application('d-2017', 2017, 'hosp-1', true),
    application('d-2016', 2016, 'hosp-1', false),
    application('e-2016', 2016, 'hosp-2', true),
    run(
      [],
      command(
        'DraftApplication',
        transitionSupportTerms({
          applicationId: 'other-programme',
          programId: 'transition-staffing',
          menuId: 'per-hospital',
          quantity: {},
        }),
        '2016-04-04',
        hospital,
      ),
    ),
    completedTraining('common', '2015-07-01', 2015, 'nurse-7', 'hosp-1'),
    completedTraining('dischargeSupportBasic', '2016-10-01', 2016, 'nurse-7', 'hosp-1'),
    completedTraining('common', '2015-07-01', 2015, 'nurse-9', 'hosp-2'),
    grantRecords('hosp-1', [2017, 2018]),
    grantRecords('hosp-2', [2017]),
    [{ type: 'SomethingElse', data: {} }],
  ];
  const total = streams.reduce((n, s) => n + s.length, 0);

  /** The log: the streams interleaved by `choices` (a stream that has run out gives way to the next). */
  function interleave(choices: readonly number[]): TimelineEvent[] {
    const next = streams.map(() => 0);
    return choices.map((choice) => {
      let s = choice;
      while (next[s]! >= streams[s]!.length) s = (s + 1) % streams.length;
      return streams[s]![next[s]!++]!;
    });
  }

  it('property: for any interleaving and any point of it, the timeline assembled from the stored facts, and project, equal the fold of evolve over the events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(streams.length - 1), { minLength: total, maxLength: total }),
        fc.nat(total),
        fc.constantFrom(
          ['hosp-1', 'transition-support'],
          ['hosp-2', 'transition-support'],
          ['hosp-1', 'transition-staffing'],
        ),
        (choices, cut, [recipientId, programId]) => {
          const events = interleave(choices).slice(0, cut);
          const folded = events.reduce(
            (t, event) => timeline.evolve(t, event),
            timeline.initial(recipientId, programId),
          );
          expect(storedTimeline(recipientId, programId, events)).toEqual(folded);
          // project (one pass over the facts, one assembly) is that fold too.
          expect(timeline.project(recipientId, programId, events)).toEqual(folded);
          // concerns names exactly the events that change the timeline.
          for (const event of events)
            expect([event, timeline.concerns(recipientId, programId, event)]).toEqual([
              event,
              timeline.evolve(folded, event) !== folded,
            ]);
          // And as the read model's JSON gives the facts back.
          expect(JSON.parse(JSON.stringify(storedTimeline(recipientId, programId, events)))).toEqual(
            JSON.parse(JSON.stringify(folded)),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
