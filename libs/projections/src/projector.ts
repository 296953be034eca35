import type { RecordedEvent } from '#event-store';
import type { EntityManager } from 'typeorm';
import { ProjectorError } from './projector-error.ts';

/**
 * Builds one read model from the log. The runner calls `apply` for each event of `eventTypes`, in log
 * order, inside the transaction that also moves the projection's checkpoint: whatever `apply` writes
 * through `manager` commits with the checkpoint or not at all. So `apply` must write only through
 * `manager`, and may throw to refuse an event (the batch is rolled back and retried, then the
 * projection is parked).
 */
export interface Projector {
  /** Durable name of the checkpoint: lower-case words and digits with `-` or `_` (e.g. `case-timeline`). */
  readonly name: string;
  /** Version of what the projector writes. Raising it rebuilds: `reset`, then the whole log again. */
  readonly version: number;
  /** The event types it reads; the checkpoint moves past every other event without calling apply. */
  readonly eventTypes: readonly string[];
  apply(event: RecordedEvent, manager: EntityManager): Promise<void>;
  /**
   * Optional: applies `events` (of `eventTypes`, in log order) with the same result as `apply` on each
   * in turn, in a few statements instead of several per event. The runner and the rebuild use it when
   * present. It may throw a ProjectorError naming the event it refused; any other error is reported
   * against the batch's first event.
   */
  applyBatch?(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
  /** Deletes everything the projector wrote (before a rebuild), through `manager`. */
  reset(manager: EntityManager): Promise<void>;
}

const PROJECTOR_NAME = /^[a-z][a-z0-9_-]{0,99}$/;

export function assertProjector(projector: Projector): void {
  if (!PROJECTOR_NAME.test(projector.name)) {
    throw new Error(
      `Projector name ${JSON.stringify(projector.name)}: expected lower-case ASCII letters, digits, "-" or "_", starting with a letter, at most 100 characters`,
    );
  }
  if (!Number.isSafeInteger(projector.version) || projector.version < 1) {
    throw new Error(`Projector "${projector.name}": version ${projector.version} must be a whole number ≥ 1`);
  }
  if (!Array.isArray(projector.eventTypes)) {
    throw new Error(`Projector "${projector.name}": eventTypes must be an array of event types`);
  }
}

/**
 * Applies `events` (already narrowed to the projector's `eventTypes`) through `manager`: one
 * `applyBatch` when the projector has it, else `apply` per event. Failures become ProjectorErrors.
 */
export async function applyEvents(
  projector: Projector,
  events: readonly RecordedEvent[],
  manager: EntityManager,
): Promise<void> {
  if (events.length === 0) return;
  if (projector.applyBatch) {
    try {
      await projector.applyBatch(events, manager);
    } catch (error) {
      throw error instanceof ProjectorError ? error : new ProjectorError(projector.name, events[0]!, error);
    }
    return;
  }
  for (const event of events) {
    try {
      await projector.apply(event, manager);
    } catch (error) {
      throw new ProjectorError(projector.name, event, error);
    }
  }
}
