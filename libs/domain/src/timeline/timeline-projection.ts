import type { ApplicationEvent } from '../applications/application-events.ts';
import { isApplicationEvent } from '../applications/application-events.ts';
import type { SubsidyProgramCatalogue } from '../rules/programme-catalogue.ts';
import { DEFAULT_PROGRAM_SCHEDULE, type ProgramSchedule } from '../rules/program-schedule.ts';
import type { DomainEvent } from '../shared/decider.ts';
import { formatFiscalYearLabel } from '../shared/era.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import { isMultiYearGrantEvent, type MultiYearGrantEvent } from '../grants/multi-year-grant.ts';
import { formatCalendarDate } from '../shared/calendar-date.ts';
import type { TrainingEvent } from '../trainings/training-events.ts';
import { isTrainingEvent } from '../trainings/training-events.ts';
import type {
  RecipientProgramTimeline,
  TimelineApplication,
  TimelineGrantYear,
  TimelineYear,
} from './recipient-program-timeline.ts';
import {
  earliestAction,
  obligationsFor,
  openedWindows,
  ruleInForce,
  usesTraining,
  yearAction,
} from './timeline-derivations.ts';
import {
  evolveTimelineApplication,
  evolveTimelineGrants,
  NO_TIMELINE_GRANTS,
  timelineCompletionOf,
  timelineFactsOf,
  type TimelineFacts,
  type TimelineGrantFact,
} from './timeline-facts.ts';

/** What the timeline evolves on: application, training and multi-year grant events (others are ignored). */
export type TimelineEvent = ApplicationEvent | TrainingEvent | MultiYearGrantEvent | DomainEvent;

export interface RecipientProgramTimelineProjection {
  initial(recipientId: string, programId: string): RecipientProgramTimeline;
  evolve(timeline: RecipientProgramTimeline, event: TimelineEvent): RecipientProgramTimeline;
  /**
   * initial + evolve over the events, in order (what an as-of replay does) — computed in one pass over
   * the facts and one assembly, so its cost grows linearly with the events, not with their square.
   */
  project(recipientId: string, programId: string, events: Iterable<TimelineEvent>): RecipientProgramTimeline;
  /** Whether `event` changes the timeline (evolve returns a new one): the events a replay needs. */
  concerns(recipientId: string, programId: string, event: TimelineEvent): boolean;
  /**
   * The timeline made of `facts` (what evolve gives after the events those facts come from): for a store
   * that keeps the facts as records of their own and assembles the timeline on read.
   */
  assemble(recipientId: string, programId: string, facts: TimelineFacts): RecipientProgramTimeline;
}

/**
 * The multi-year timeline of one recipient in one programme, as a pure projection: training completed
 * (FY N) → application opens (FY N + the programme's offset) → applied → decided → reported → confirmed
 * → paid, with the programme year, the rate and base in force each year, the next action with its due
 * date and the training duties. Deterministic and plain JSON; the read-model projector and as-of replays
 * call the same evolve.
 */
export function recipientProgramTimelineProjection(
  catalogue: SubsidyProgramCatalogue,
  schedule: ProgramSchedule = DEFAULT_PROGRAM_SCHEDULE,
): RecipientProgramTimelineProjection {
  function build(recipientId: string, programId: string, unordered: TimelineFacts): RecipientProgramTimeline {
    // By fiscal year, in their own order within a year: the order does not depend on how they were stored.
    const completions = byFiscalYear(unordered.completions, (c) => c.fiscalYear);
    const applications = byFiscalYear(unordered.applications, (a) => a.state.ref!.fiscalYear);
    const completionFacts = completions.map(({ personId, course, fiscalYear: fy }) => ({
      personId,
      course,
      fiscalYear: fy,
    }));
    const training = usesTraining(catalogue, programId);
    const windows = training ? openedWindows(catalogue, schedule, programId, completionFacts) : new Map();
    const obligationYears = training
      ? completionFacts.filter((c) => c.course === 'dischargeSupportBasic').map((c) => c.fiscalYear + 1)
      : [];
    const years = [
      ...new Set([
        ...completions.map((c) => Number(c.fiscalYear)),
        ...applications.map((a) => a.state.ref!.fiscalYear),
        ...windows.keys(),
        ...obligationYears,
        ...unordered.grants.map((g) => g.fiscalYear),
      ]),
    ].sort((a, b) => a - b);
    let lastFundedProgramYear: number | undefined;
    const lastApplicationYear = Math.max(...applications.map((a) => a.state.ref!.fiscalYear));
    const built: TimelineYear[] = years.map((fy) => {
      const yearApplications = applications.filter((a) => a.state.ref!.fiscalYear === fy);
      const grantFacts = unordered.grants.filter((g) => g.fiscalYear === fy);
      const programYear =
        yearApplications[0]?.programYear ?? grantFacts[0]?.programYear ?? (lastFundedProgramYear ?? 0) + 1;
      const funded = yearApplications.filter((a) => a.grantedAmount !== undefined);
      if (funded.length > 0) lastFundedProgramYear = Math.max(...funded.map((a) => a.programYear));
      const rule = ruleInForce(catalogue, programId, fy, programYear);
      const opens = windows.get(fy);
      const year = {
        fiscalYear: fy,
        fiscalYearLabel: formatFiscalYearLabel(fiscalYear(fy)),
        programYear,
        ...(rule ? { rule } : {}),
        trainingCompletions: completions
          .filter((c) => c.fiscalYear === fy)
          .map(({ offeringId, personId, course, completedOn }) => ({
            offeringId,
            personId,
            course,
            completedOn,
          })),
        ...(opens ? { applicationOpens: opens } : {}),
        applications: yearApplications,
        obligations: training ? obligationsFor(completionFacts, fy) : [],
        ...(grantFacts.length > 0 ? { grants: grantFacts.map((g) => grantYear(programId, g)) } : {}),
      };
      const nextAction = yearAction(year, !(fy < lastApplicationYear));
      return { ...year, ...(nextAction ? { nextAction } : {}) };
    });
    const nextAction = earliestAction(built.flatMap((y) => (y.nextAction ? [y.nextAction] : [])));
    return {
      recipientId,
      programId,
      years: built,
      ...(unordered.grantsEnded.length > 0 ? { grantsEnded: unordered.grantsEnded } : {}),
      ...(nextAction ? { nextAction } : {}),
    };
  }

  function grantYear(programId: string, { fiscalYear: fy, ...grant }: TimelineGrantFact): TimelineGrantYear {
    const { applicationOpens, applicationCloses } = schedule.scheduleFor(programId, fy);
    return {
      ...grant,
      applicationWindow: {
        opens: formatCalendarDate(applicationOpens),
        closes: formatCalendarDate(applicationCloses),
      },
    };
  }

  function evolve(timeline: RecipientProgramTimeline, event: TimelineEvent): RecipientProgramTimeline {
    const { recipientId, programId } = timeline;
    if (!concerns(recipientId, programId, event)) return timeline;
    return build(recipientId, programId, withEvent(timelineFactsOf(timeline), event));
  }

  /** The facts after `event` (one that concerns the timeline). */
  function withEvent(facts: TimelineFacts, event: TimelineEvent): TimelineFacts {
    if (isApplicationEvent(event)) {
      const current = facts.applications.find((a) => a.applicationId === event.data.applicationId);
      const next = evolveTimelineApplication(catalogue, current, event);
      return {
        ...facts,
        applications: current
          ? facts.applications.map((a) => (a === current ? next : a))
          : [...facts.applications, next],
      };
    }
    if (isMultiYearGrantEvent(event)) return { ...facts, ...evolveTimelineGrants(facts, event) };
    const completion = timelineCompletionOf(event as Extract<TrainingEvent, { type: 'TrainingCompleted' }>);
    return { ...facts, completions: [...facts.completions, completion] };
  }

  function concerns(recipientId: string, programId: string, event: TimelineEvent): boolean {
    if (isApplicationEvent(event) || isMultiYearGrantEvent(event))
      return event.data.programId === programId && event.data.recipient.id === recipientId;
    return (
      isTrainingEvent(event) && event.type === 'TrainingCompleted' && event.data.institutionId === recipientId
    );
  }

  const initial = (recipientId: string, programId: string): RecipientProgramTimeline => {
    catalogue.versionsOf(programId); // an unknown programme is refused here, not on the first event
    return { recipientId, programId, years: [] };
  };

  return {
    initial,
    evolve,
    assemble: build,
    concerns,
    project: (recipientId, programId, events) => {
      const timeline = initial(recipientId, programId);
      // Applications by id, in the order of their first event (a Map keeps it): one step per event.
      const applications = new Map<string, TimelineApplication>();
      let facts: TimelineFacts = { applications: [], completions: [], ...NO_TIMELINE_GRANTS };
      let changed = false;
      for (const event of events) {
        if (!concerns(recipientId, programId, event)) continue;
        changed = true;
        if (!isApplicationEvent(event)) facts = withEvent(facts, event);
        else {
          const { applicationId } = event.data;
          const current = applications.get(applicationId);
          applications.set(applicationId, evolveTimelineApplication(catalogue, current, event));
        }
      }
      if (!changed) return timeline;
      return build(recipientId, programId, { ...facts, applications: [...applications.values()] });
    },
  };
}

/** Stable: by fiscal year, in their given order within a year. */
function byFiscalYear<T>(items: readonly T[], yearOf: (item: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index, year: yearOf(item) }))
    .sort((a, b) => a.year - b.year || a.index - b.index)
    .map(({ item }) => item);
}
