import { isTrainingEvent, TRAINING_STREAM_CATEGORY, type TrainingEvent } from '#domain';
import type { GlobalPosition, RecordedEvent } from '#event-store';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { Projector } from '../projector.ts';
import { READ_MODEL_SCHEMA } from '../read-model-schema.ts';
import { foldEvent, insertRowsIfAbsent } from './batch-writes.ts';
import { CALENDAR_DATE, domainEventIn, POSITION } from './read-model-columns.ts';

export const TRAINING_COMPLETIONS_PROJECTION = 'training-completions';

export type TrainingCompletedEvent = Extract<TrainingEvent, { type: 'TrainingCompleted' }>;

const isCompletion = (event: Parameters<typeof isTrainingEvent>[0]): event is TrainingCompletedEvent =>
  isTrainingEvent(event) && event.type === 'TrainingCompleted';

/** A TrainingCompleted event of a `training-*` stream, or undefined. */
export function trainingCompletionIn(recorded: RecordedEvent): TrainingCompletedEvent | undefined {
  return domainEventIn(recorded, TRAINING_STREAM_CATEGORY, isCompletion);
}

/** 修了: one row per offering × person (a pseudonymous id, never a name), with the employing institution. */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'training_completions' })
export class TrainingCompletion {
  @PrimaryColumn({ name: 'offering_id', type: 'text' }) offeringId!: string;
  @PrimaryColumn({ name: 'person_id', type: 'text' }) personId!: string;
  @Column({ name: 'course_id', type: 'text' }) courseId!: string;
  @Column({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  @Column({ name: 'institution_id', type: 'text' }) institutionId!: string;
  @Column({ name: 'completed_on', type: 'date', transformer: CALENDAR_DATE }) completedOn!: string;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

/**
 * Training completions: a completion is recorded once per offering and person, so a replay inserts
 * nothing. A batch is one multi-row insert.
 */
export function trainingCompletionsProjector(name = TRAINING_COMPLETIONS_PROJECTION): Projector {
  async function applyBatch(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const rows = new Map<string, TrainingCompletion>();
    for (const recorded of events) {
      const event = foldEvent(name, recorded, () => trainingCompletionIn(recorded));
      if (!event) continue;
      const { offeringId, personId, courseId, fiscalYear, institutionId, completedOn } = event.data;
      const key = `${offeringId}\u0000${personId}`;
      if (rows.has(key)) continue;
      rows.set(key, {
        offeringId,
        personId,
        courseId,
        fiscalYear,
        institutionId,
        completedOn,
        position: recorded.position,
      });
    }
    await insertRowsIfAbsent(manager, TrainingCompletion, [...rows.values()]);
  }

  return {
    name,
    version: 1,
    eventTypes: ['TrainingCompleted'],
    apply: (recorded: RecordedEvent, manager: EntityManager) => applyBatch([recorded], manager),
    applyBatch,
    async reset(manager: EntityManager): Promise<void> {
      await manager.getRepository(TrainingCompletion).createQueryBuilder().delete().execute();
    },
  };
}
