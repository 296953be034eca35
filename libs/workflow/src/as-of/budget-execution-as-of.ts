import {
  APPLICATION_EVENT_TYPES,
  APPLICATION_STREAM_CATEGORY,
  BUDGET_EVENT_TYPES,
  BUDGET_STREAM_CATEGORY,
  BudgetExecutionTally,
  type ApplicationEvent,
  type BudgetEvent,
  type BudgetExecutionFilter,
} from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { toDomainEvent, type Upcasters } from '#platform';
import { readWholeCategory } from '../read-category.ts';
import { isWithin, replayedUpTo, type AsOf, type ReplayedUpTo } from './as-of.ts';

/** The budget execution tally as the log stood, and what it was read from. */
export interface BudgetExecutionReplay {
  readonly tally: BudgetExecutionTally;
  /** The streams' categories replayed. */
  readonly categories: readonly string[];
  /** The last event counted (none: nothing yet). */
  readonly upTo: ReplayedUpTo | undefined;
}

export const BUDGET_EXECUTION_CATEGORIES: readonly string[] = [
  BUDGET_STREAM_CATEGORY,
  APPLICATION_STREAM_CATEGORY,
];

/**
 * 予算執行 replayed from the log: every budget and application event (committed), in log order, up to
 * `asOf` (everything when absent), through the domain's BudgetExecutionTally — never from a read model,
 * so each figure is the count of the events it names. The log has no index by fiscal year (application
 * streams are not named by it), so a `fiscalYear` filter still reads both categories whole.
 */
export async function budgetExecutionAsOf(
  store: EventStore,
  asOf: AsOf | undefined,
  upcasters: Upcasters = {},
): Promise<BudgetExecutionReplay> {
  const events = await budgetExecutionEventsAfter(store, undefined, asOf);
  const tally = new BudgetExecutionTally();
  const counted = addBudgetExecutionEvents(tally, events, {}, upcasters);
  const last = counted.at(-1);
  return {
    tally,
    categories: BUDGET_EXECUTION_CATEGORIES,
    upTo: last === undefined ? undefined : replayedUpTo(last),
  };
}

/**
 * The budget and application events (committed) after `after` (all when undefined: the categories'
 * index by position), within `asOf` when given, in log order.
 */
export async function budgetExecutionEventsAfter(
  store: EventStore,
  after: bigint | undefined,
  asOf?: AsOf,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (const category of BUDGET_EXECUTION_CATEGORIES) {
    for await (const event of readWholeCategory(store, category, 'committed', after)) {
      if (asOf === undefined || isWithin(asOf, event)) events.push(event);
    }
  }
  return events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}

/**
 * Feeds the tally the events of `filter`'s programme years (every event without a filter), in the
 * order given; answers the events counted. Budget and application events carry their programme year.
 */
export function addBudgetExecutionEvents(
  tally: BudgetExecutionTally,
  events: readonly RecordedEvent[],
  filter: BudgetExecutionFilter,
  upcasters: Upcasters = {},
): RecordedEvent[] {
  const counted: RecordedEvent[] = [];
  for (const recorded of events) {
    // Only the events the report knows (as the read model's projector): another type in these
    // categories is not counted, never a failure of the whole report.
    if (recorded.streamId.startsWith(`${BUDGET_STREAM_CATEGORY}-`)) {
      const event = toDomainEvent<BudgetEvent>(recorded, upcasters);
      if (!BUDGET_TYPES.has(event.type) || !inFilter(filter, event.data)) continue;
      tally.addBudgetEvent(event);
    } else {
      const event = toDomainEvent<ApplicationEvent>(recorded, upcasters);
      if (!APPLICATION_TYPES.has(event.type) || !inFilter(filter, event.data)) continue;
      tally.addApplicationEvent(event);
    }
    counted.push(recorded);
  }
  return counted;
}

const BUDGET_TYPES: ReadonlySet<string> = new Set(BUDGET_EVENT_TYPES);
const APPLICATION_TYPES: ReadonlySet<string> = new Set(APPLICATION_EVENT_TYPES);

function inFilter(filter: BudgetExecutionFilter, data: { programId: string; fiscalYear: number }): boolean {
  return (
    (filter.programId === undefined || filter.programId === data.programId) &&
    (filter.fiscalYear === undefined || filter.fiscalYear === data.fiscalYear)
  );
}
