import type { PastCaseLookups, PriorParticipationFact, TrainingCompletionFact } from '#domain';
import type { EventStore } from '#event-store';
import { eligibilityLookups } from '../applications/eligibility-lookups.ts';
import { forEachConcurrently } from './for-each-concurrently.ts';

/** The recipients' lookups, once each: the store's, and the grants decided by earlier rows of the file. */
export class PastCaseFileLookups {
  private readonly completions = new Map<string, readonly TrainingCompletionFact[]>();
  private readonly participation = new Map<string, PriorParticipationFact[]>();

  constructor(private readonly store: EventStore) {}

  async load(recipientIds: readonly string[], concurrency: number): Promise<void> {
    const lookups = eligibilityLookups(this.store);
    await forEachConcurrently(recipientIds, concurrency, async (id) => {
      const [completions, participation] = await Promise.all([
        lookups.completionsOf(id),
        lookups.participationOf(id),
      ]);
      this.completions.set(id, completions);
      this.participation.set(id, participation);
    });
  }

  of(recipientId: string): PastCaseLookups {
    return {
      staffTrainingCompletions: this.completions.get(recipientId) ?? [],
      priorParticipation: this.participation.get(recipientId) ?? [],
    };
  }

  /** A grant of this file counts for the recipient's later rows, as it would have in the live system. */
  granted(recipientId: string, fact: PriorParticipationFact): void {
    const facts = this.participation.get(recipientId) ?? [];
    if (!facts.some((f) => f.programId === fact.programId && f.fiscalYear === fact.fiscalYear))
      this.participation.set(recipientId, [...facts, fact]);
  }
}
