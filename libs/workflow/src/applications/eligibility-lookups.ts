import {
  fiscalYear,
  trainingCompletionFacts,
  type ApplicationEventData,
  type DomainEvent,
  type PriorParticipationFact,
  type TrainingCompletionFact,
} from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { toDomainEvent } from '#platform';
import { EVENT_TAGS } from '../gateway/event-tags.ts';

/** What StartReview looks up about the recipient, by key. */
export interface EligibilityLookups {
  /** The training completions of an institution's staff (TrainingCompleted, any offering, any year). */
  completionsOf(institutionId: string): Promise<TrainingCompletionFact[]>;
  /** The programmes and fiscal years in which a recipient was granted a subsidy (交付決定). */
  participationOf(recipientId: string): Promise<PriorParticipationFact[]>;
}

/** Every event carrying the tag, page by page (committed: a decision sees what is committed now). */
export async function readTagged(store: EventStore, tag: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after = 0n; ;) {
    const page = await store.readByTag(tag, { after });
    events.push(...page);
    const last = page.at(-1);
    if (!last) return events;
    after = last.position;
  }
}

/**
 * The lookups over the tag index the appends keep (EVENT_TAGS): the cost is the recipient's own events,
 * whatever the size of the log.
 */
export function eligibilityLookups(store: EventStore): EligibilityLookups {
  return {
    async completionsOf(institutionId) {
      const events = await readTagged(store, EVENT_TAGS.trainingCompletedAt(institutionId));
      return trainingCompletionFacts(
        events.map((recorded) => toDomainEvent<DomainEvent>(recorded)),
        institutionId,
      );
    },
    async participationOf(recipientId) {
      const events = await readTagged(store, EVENT_TAGS.grantDecidedFor(recipientId));
      // Every GrantDecided of the recipient is a funded year of that programme (a grant later confirmed at 0 still took part).
      return events
        .map((recorded) => recorded.data as ApplicationEventData<'GrantDecided'>)
        .filter((grant) => grant.recipient.id === recipientId)
        .map((grant) => ({ programId: grant.programId, fiscalYear: fiscalYear(grant.fiscalYear) }));
    },
  };
}
