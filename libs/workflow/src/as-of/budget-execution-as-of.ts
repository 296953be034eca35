import {
  APPLICATION_STREAM_CATEGORY,
  BUDGET_STREAM_CATEGORY,
  BudgetExecutionTally,
  type ApplicationEvent,
  type BudgetEvent,
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

/**
 * 予算執行 replayed from the log: every budget and application event (committed), in log order, up to
 * `asOf` (everything when absent), through the domain's BudgetExecutionTally — never from a read model,
 * so each figure is the count of the events it names.
 */
export async function budgetExecutionAsOf(
  store: EventStore,
  asOf: AsOf | undefined,
  upcasters: Upcasters = {},
): Promise<BudgetExecutionReplay> {
  const categories = [BUDGET_STREAM_CATEGORY, APPLICATION_STREAM_CATEGORY];
  const events: RecordedEvent[] = [];
  for (const category of categories) {
    for await (const event of readWholeCategory(store, category)) {
      if (asOf === undefined || isWithin(asOf, event)) events.push(event);
    }
  }
  events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const tally = new BudgetExecutionTally();
  for (const event of events) {
    if (event.streamId.startsWith(`${BUDGET_STREAM_CATEGORY}-`)) {
      tally.addBudgetEvent(toDomainEvent<BudgetEvent>(event, upcasters));
    } else {
      tally.addApplicationEvent(toDomainEvent<ApplicationEvent>(event, upcasters));
    }
  }
  const last = events.at(-1);
  return { tally, categories, upTo: last === undefined ? undefined : replayedUpTo(last) };
}
