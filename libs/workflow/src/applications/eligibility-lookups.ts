import { Inject, Injectable } from '@nestjs/common';
import {
  APPLICATION_STREAM_CATEGORY,
  TRAINING_STREAM_CATEGORY,
  fiscalYear,
  trainingCompletionFacts,
  type DomainEvent,
  type PriorParticipationFact,
  type TrainingCompletionFact,
} from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE, toDomainEvent } from '#platform';
import { readWholeCategory } from '../read-category.ts';

/** The training completions of an institution's staff (TrainingCompleted, any offering, any year). */
export interface TrainingCompletionLookup {
  completionsOf(institutionId: string): Promise<TrainingCompletionFact[]>;
}

/** The programmes and fiscal years in which a recipient was granted a subsidy (交付決定). */
export interface PriorParticipationLookup {
  participationOf(recipientId: string): Promise<PriorParticipationFact[]>;
}

export const TRAINING_COMPLETION_LOOKUP = Symbol('TrainingCompletionLookup');
export const PRIOR_PARTICIPATION_LOOKUP = Symbol('PriorParticipationLookup');

/** The category's events of the given types (all at schema version 1 so far: no upcasters yet). */
async function eventsOf(
  store: EventStore,
  category: string,
  types: readonly string[],
): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  for await (const recorded of readWholeCategory(store, category)) {
    if (types.includes(recorded.type)) events.push(toDomainEvent(recorded));
  }
  return events;
}

/**
 * Reads the whole `training` category and keeps the completions of the institution's staff, through the
 * domain's trainingCompletionFacts. Correct (the log is the truth, nothing can be missed) but not fast:
 * every review reads every training event. A read model of completions per institution will replace it
 * behind the same interface.
 */
@Injectable()
export class EventStoreTrainingCompletionLookup implements TrainingCompletionLookup {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async completionsOf(institutionId: string): Promise<TrainingCompletionFact[]> {
    const events = await eventsOf(this.store, TRAINING_STREAM_CATEGORY, ['TrainingCompleted']);
    return trainingCompletionFacts(events, institutionId);
  }
}

interface GrantFacts {
  readonly programId: string;
  readonly fiscalYear: number;
  readonly recipient: { readonly id: string };
}

/**
 * Reads the whole `application` category: every GrantDecided of the recipient is a funded year of that
 * programme (a grant later confirmed at 0 still took part). Correct, not fast; a read model (the
 * recipient × programme timeline) will replace it behind the same interface.
 */
@Injectable()
export class EventStorePriorParticipationLookup implements PriorParticipationLookup {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async participationOf(recipientId: string): Promise<PriorParticipationFact[]> {
    const grants = await eventsOf(this.store, APPLICATION_STREAM_CATEGORY, ['GrantDecided']);
    return grants
      .map((event) => event.data as GrantFacts)
      .filter((grant) => grant.recipient.id === recipientId)
      .map((grant) => ({ programId: grant.programId, fiscalYear: fiscalYear(grant.fiscalYear) }));
  }
}
