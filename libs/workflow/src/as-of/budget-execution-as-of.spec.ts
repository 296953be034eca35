import { describe, expect, it } from '@jest/globals';
import { BudgetExecutionTally, type ApplicationEvent } from '#domain';
import { drafted } from '#domain-testing';
import type { RecordedEvent } from '#event-store';
import { addBudgetExecutionEvents } from './budget-execution-as-of.ts';

/** An event as the store hands it back, in the `application` category. */
const recordedIn = (position: bigint, event: { type: string; data: unknown }): RecordedEvent =>
  ({
    id: `00000000-0000-7000-8000-${position.toString().padStart(12, '0')}`,
    streamId: 'application-a-1',
    revision: position - 1n,
    position,
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: { actorId: 'cw-1', actorRole: 'caseworker', correlationId: 'c' },
    recordedAt: new Date('2016-04-05T01:00:00.000Z'),
  }) as unknown as RecordedEvent;

describe('the budget-execution replay (予算執行 as of a point)', () => {
  it('given an event of another type in the application category, it is not counted and the report still answers', () => {
    // Given a drafted case, then an event the report does not know in the same category …
    const [draft] = drafted as readonly ApplicationEvent[];
    const events = [
      recordedIn(1n, { type: draft!.type, data: { ...draft!.data, applicationId: 'a-1' } }),
      recordedIn(2n, { type: 'SomethingElse', data: {} }),
    ];
    // When the replay feeds them to the tally …
    const tally = new BudgetExecutionTally();
    const counted = addBudgetExecutionEvents(tally, events, {});
    // Then only the draft is counted, and the lines are drawn from it.
    expect(counted.map((e) => e.type)).toEqual(['ApplicationDrafted']);
    expect(tally.lines()).toEqual([
      expect.objectContaining({ programId: 'transition-support', fiscalYear: 2016, cases: 1 }),
    ]);
  });
});
