import type { ApplicationEvent } from '../applications/application-events.ts';
import { evolveApplication, initialApplicationState } from '../applications/application-state.ts';
import type { MultiYearGrantEvent } from '../grants/multi-year-grant.ts';
import type { TrainingCompletionFact } from '../rules/eligibility/eligibility-facts.ts';
import type { SubsidyProgramCatalogue } from '../rules/programme-catalogue.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import type { TrainingEvent } from '../trainings/training-events.ts';
import type {
  RecipientProgramTimeline,
  TimelineApplication,
  TimelineGrantYear,
} from './recipient-program-timeline.ts';
import { summariseApplication } from './timeline-derivations.ts';

/** A staff member's completed course, as the timeline of the employing institution keeps it. */
export type TimelineCompletionFact = TrainingCompletionFact & {
  readonly offeringId: string;
  readonly completedOn: string;
};

/** A multi-year grant's terms for one fiscal year and menu, as its record says. */
export type TimelineGrantFact = Omit<TimelineGrantYear, 'applicationWindow'> & {
  readonly fiscalYear: number;
};

export type TimelineGrantEnded = NonNullable<RecipientProgramTimeline['grantsEnded']>[number];

/** The grant records of one recipient × programme: a few per fiscal year, never one per event. */
export interface TimelineGrants {
  readonly grants: readonly TimelineGrantFact[];
  readonly grantsEnded: readonly TimelineGrantEnded[];
}

/**
 * Everything a timeline is made of; its years, windows, duties and next actions are derived from these
 * (assembleRecipientProgramTimeline). Each part changes on its own: an application event changes one
 * application, a completion adds one completion, a grant record changes the grants. So a store may keep
 * each application and each completion as a record of its own and assemble the timeline on read.
 */
export interface TimelineFacts extends TimelineGrants {
  /** In log order of their first event (the timeline shows them by fiscal year, in that order). */
  readonly completions: readonly TimelineCompletionFact[];
  /** In order of their first event (the timeline shows them by fiscal year, in that order). */
  readonly applications: readonly TimelineApplication[];
}

export const NO_TIMELINE_GRANTS: TimelineGrants = { grants: [], grantsEnded: [] };

/** The application after `event`, summarised (rate, base, next action) with the state it evolves from. */
export function evolveTimelineApplication(
  catalogue: SubsidyProgramCatalogue,
  current: TimelineApplication | undefined,
  event: ApplicationEvent,
): TimelineApplication {
  return summariseApplication(catalogue, evolveApplication(current?.state ?? initialApplicationState, event));
}

/** A completion as a fact of the employing institution's timelines. */
export function timelineCompletionOf(
  event: Extract<TrainingEvent, { type: 'TrainingCompleted' }>,
): TimelineCompletionFact {
  const { personId, courseId, fiscalYear: fy, offeringId, completedOn } = event.data;
  return { personId, course: courseId, fiscalYear: fiscalYear(fy), offeringId, completedOn };
}

/**
 * A grant record's event as a fact of its fiscal year and menu. Events of schema version 1 did not name
 * the menu of an advance or an end (only their stream id did): it is the menu whose grant reached the
 * year before at the programme year before, and has not advanced this year yet.
 */
export function evolveTimelineGrants(facts: TimelineGrants, event: MultiYearGrantEvent): TimelineGrants {
  if (event.type === 'MultiYearGrantStarted') {
    const fact: TimelineGrantFact = { ...event.data.terms, menuId: event.data.menuId, recorded: 'started' };
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
  const fact: TimelineGrantFact = {
    ...terms,
    menuId,
    recorded: 'advanced',
    previousSubsidyRate,
    rateChanged,
  };
  return { ...facts, grants: withFact(facts.grants, fact) };
}

function withFact(grants: readonly TimelineGrantFact[], fact: TimelineGrantFact): TimelineGrantFact[] {
  return [...grants.filter((g) => g.fiscalYear !== fact.fiscalYear || g.menuId !== fact.menuId), fact].sort(
    (a, b) => a.fiscalYear - b.fiscalYear || (a.menuId < b.menuId ? -1 : a.menuId > b.menuId ? 1 : 0),
  );
}

function latestMenuIn(grants: readonly TimelineGrantFact[], fy: number): string | undefined {
  return grants.filter((g) => g.fiscalYear === fy).at(0)?.menuId;
}

/** For a version-1 advance: the first menu whose latest year lies before `fy` at the matching programme year. */
function menuAdvancingTo(
  grants: readonly TimelineGrantFact[],
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

/** The facts a timeline was assembled from (its derived parts dropped). */
export function timelineFactsOf(timeline: RecipientProgramTimeline): TimelineFacts {
  return {
    completions: timeline.years.flatMap((y) =>
      y.trainingCompletions.map((c) => ({ ...c, fiscalYear: fiscalYear(y.fiscalYear) })),
    ),
    applications: timeline.years.flatMap((y) => y.applications),
    grants: timeline.years.flatMap((y) =>
      (y.grants ?? []).map(({ applicationWindow: _derived, ...grant }) => ({
        ...grant,
        fiscalYear: y.fiscalYear,
      })),
    ),
    grantsEnded: timeline.grantsEnded ?? [],
  };
}
