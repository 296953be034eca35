import { isTrainingEvent, TRAINING_STREAM_CATEGORY, type TrainingEvent } from '#domain';
import type { GlobalPosition, RecordedEvent } from '#event-store';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { Projector } from '../projector.ts';
import { READ_MODEL_SCHEMA } from '../read-model-schema.ts';
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

/** Training completions: a completion is recorded once per offering and person, so a replay inserts nothing. */
export function trainingCompletionsProjector(name = TRAINING_COMPLETIONS_PROJECTION): Projector {
  return {
    name,
    version: 1,
    eventTypes: ['TrainingCompleted'],
    async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
      const event = trainingCompletionIn(recorded);
      if (!event) return;
      const { offeringId, personId, courseId, fiscalYear, institutionId, completedOn } = event.data;
      await manager
        .createQueryBuilder()
        .insert()
        .into(TrainingCompletion)
        .values({
          offeringId,
          personId,
          courseId,
          fiscalYear,
          institutionId,
          completedOn,
          position: recorded.position,
        })
        .orIgnore()
        .execute();
    },
    async reset(manager: EntityManager): Promise<void> {
      await manager.getRepository(TrainingCompletion).createQueryBuilder().delete().execute();
    },
  };
}
