import type { ApplicationEvent } from '../applications/application-events.ts';
import { isApplicationEvent } from '../applications/application-events.ts';
import {
  type ApplicationState,
  evolveApplication,
  initialApplicationState,
} from '../applications/application-state.ts';
import type { TrainingCompletionFact } from '../rules/eligibility/eligibility-facts.ts';
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
  summariseApplication,
  usesTraining,
  yearAction,
} from './timeline-derivations.ts';

/** What the timeline evolves on: application, training and multi-year grant events (others are ignored). */
export type TimelineEvent = ApplicationEvent | TrainingEvent | MultiYearGrantEvent | DomainEvent;

type GrantYearFact = Omit<TimelineGrantYear, 'applicationWindow'> & { readonly fiscalYear: number };

export interface RecipientProgramTimelineProjection {
  initial(recipientId: string, programId: string): RecipientProgramTimeline;
  evolve(timeline: RecipientProgramTimeline, event: TimelineEvent): RecipientProgramTimeline;
  /** initial + evolve over the events, in order (what an as-of replay does). */
  project(recipientId: string, programId: string, events: Iterable<TimelineEvent>): RecipientProgramTimeline;
}

/** Only what the timeline's years are made of; the derived parts are recomputed after every event. */
interface Facts {
  readonly completions: readonly (TrainingCompletionFact & {
    readonly offeringId: string;
    readonly completedOn: string;
  })[];
  readonly applications: readonly ApplicationState[];
  readonly grants: readonly GrantYearFact[];
  readonly grantsEnded: NonNullable<RecipientProgramTimeline['grantsEnded']>;
}

function factsOf(timeline: RecipientProgramTimeline): Facts {
  return {
    completions: timeline.years.flatMap((y) =>
      y.trainingCompletions.map((c) => ({ ...c, fiscalYear: fiscalYear(y.fiscalYear) })),
    ),
    applications: timeline.years.flatMap((y) => y.applications.map((a) => a.state)),
    grants: timeline.years.flatMap((y) =>
      (y.grants ?? []).map(({ applicationWindow: _derived, ...grant }) => ({
        ...grant,
        fiscalYear: y.fiscalYear,
      })),
    ),
    grantsEnded: timeline.grantsEnded ?? [],
  };
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
  function build(recipientId: string, programId: string, facts: Facts): RecipientProgramTimeline {
    const completionFacts = facts.completions.map(({ personId, course, fiscalYear: fy }) => ({
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
        ...facts.completions.map((c) => Number(c.fiscalYear)),
        ...facts.applications.map((a) => a.ref!.fiscalYear),
        ...windows.keys(),
        ...obligationYears,
        ...facts.grants.map((g) => g.fiscalYear),
      ]),
    ].sort((a, b) => a - b);
    let lastFundedProgramYear: number | undefined;
    const lastApplicationYear = Math.max(...facts.applications.map((a) => a.ref!.fiscalYear));
    const built: TimelineYear[] = years.map((fy) => {
      const applications: TimelineApplication[] = facts.applications
        .filter((a) => a.ref!.fiscalYear === fy)
        .map((a) => summariseApplication(catalogue, a));
      const grantFacts = facts.grants.filter((g) => g.fiscalYear === fy);
      const programYear =
        applications[0]?.programYear ?? grantFacts[0]?.programYear ?? (lastFundedProgramYear ?? 0) + 1;
      const funded = applications.filter((a) => a.grantedAmount !== undefined);
      if (funded.length > 0) lastFundedProgramYear = Math.max(...funded.map((a) => a.programYear));
      const rule = ruleInForce(catalogue, programId, fy, programYear);
      const opens = windows.get(fy);
      const year = {
        fiscalYear: fy,
        fiscalYearLabel: formatFiscalYearLabel(fiscalYear(fy)),
        programYear,
        ...(rule ? { rule } : {}),
        trainingCompletions: facts.completions
          .filter((c) => c.fiscalYear === fy)
          .map(({ offeringId, personId, course, completedOn }) => ({
            offeringId,
            personId,
            course,
            completedOn,
          })),
        ...(opens ? { applicationOpens: opens } : {}),
        applications,
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
      ...(facts.grantsEnded.length > 0 ? { grantsEnded: facts.grantsEnded } : {}),
      ...(nextAction ? { nextAction } : {}),
    };
  }

  function grantYear(programId: string, { fiscalYear: fy, ...grant }: GrantYearFact): TimelineGrantYear {
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
    const facts = factsOf(timeline);
    if (isApplicationEvent(event)) {
      const { applicationId, programId, recipient } = event.data;
      if (programId !== timeline.programId || recipient.id !== timeline.recipientId) return timeline;
      const current = facts.applications.find((a) => a.ref?.applicationId === applicationId);
      const next = evolveApplication(current ?? initialApplicationState, event);
      const applications = current
        ? facts.applications.map((a) => (a === current ? next : a))
        : [...facts.applications, next];
      return build(timeline.recipientId, timeline.programId, { ...facts, applications });
    }
    if (isMultiYearGrantEvent(event)) {
      const { programId, recipient } = event.data;
      if (programId !== timeline.programId || recipient.id !== timeline.recipientId) return timeline;
      return build(timeline.recipientId, timeline.programId, withGrantEvent(facts, event));
    }
    if (isTrainingEvent(event) && event.type === 'TrainingCompleted') {
      const { institutionId, personId, courseId, fiscalYear: fy, offeringId, completedOn } = event.data;
      if (institutionId !== timeline.recipientId) return timeline;
      const completion = { personId, course: courseId, fiscalYear: fiscalYear(fy), offeringId, completedOn };
      return build(timeline.recipientId, timeline.programId, {
        ...facts,
        completions: [...facts.completions, completion],
      });
    }
    return timeline;
  }

  const initial = (recipientId: string, programId: string): RecipientProgramTimeline => {
    catalogue.versionsOf(programId); // an unknown programme is refused here, not on the first event
    return { recipientId, programId, years: [] };
  };

  return {
    initial,
    evolve,
    project: (recipientId, programId, events) => {
      let timeline = initial(recipientId, programId);
      for (const event of events) timeline = evolve(timeline, event);
      return timeline;
    },
  };
}

/**
 * A grant record's event as a fact of its fiscal year and menu. Events of schema version 1 did not name
 * the menu of an advance or an end (only their stream id did): it is the menu whose grant reached the
 * year before at the programme year before, and has not advanced this year yet.
 */
function withGrantEvent(facts: Facts, event: MultiYearGrantEvent): Facts {
  if (event.type === 'MultiYearGrantStarted') {
    const fact: GrantYearFact = { ...event.data.terms, menuId: event.data.menuId, recorded: 'started' };
    return { ...facts, grants: withFact(facts.grants, fact) };
  }
  if (event.type === 'MultiYearGrantEnded') {
    const { menuId, lastFiscalYear, reason } = event.data;
    const menu = menuId ?? latestMenuIn(facts.grants, lastFiscalYear);
    return {
      ...facts,
      grantsEnded: [...facts.grantsEnded, { ...(menu ? { menuId: menu } : {}), lastFiscalYear, reason }],
    };
  }
  const { terms, previousSubsidyRate, rateChanged } = event.data;
  const menuId =
    event.data.menuId ?? menuAdvancingTo(facts.grants, terms.fiscalYear, terms.programYear) ?? '';
  const fact: GrantYearFact = { ...terms, menuId, recorded: 'advanced', previousSubsidyRate, rateChanged };
  return { ...facts, grants: withFact(facts.grants, fact) };
}

function withFact(grants: readonly GrantYearFact[], fact: GrantYearFact): GrantYearFact[] {
  return [...grants.filter((g) => g.fiscalYear !== fact.fiscalYear || g.menuId !== fact.menuId), fact].sort(
    (a, b) => a.fiscalYear - b.fiscalYear || (a.menuId < b.menuId ? -1 : a.menuId > b.menuId ? 1 : 0),
  );
}

function latestMenuIn(grants: readonly GrantYearFact[], fy: number): string | undefined {
  return grants.filter((g) => g.fiscalYear === fy).at(0)?.menuId;
}

/** For a version-1 advance: the first menu whose latest year lies before `fy` at the matching programme year. */
function menuAdvancingTo(
  grants: readonly GrantYearFact[],
  fy: number,
  programYear: number,
): string | undefined {
  const menus = [...new Set(grants.map((g) => g.menuId))].sort();
  return menus.find((menu) => {
    const latest = grants.filter((g) => g.menuId === menu).at(-1);
    return (
      latest !== undefined &&
      latest.fiscalYear < fy &&
      latest.programYear + (fy - latest.fiscalYear) === programYear
    );
  });
}
