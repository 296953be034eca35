import {
  evolveTrainingOffering,
  initialTrainingOfferingState,
  isTrainingEvent,
  TRAINING_STREAM_CATEGORY,
  type TrainingOfferingState,
} from '#domain';
import type { GlobalPosition, RecordedEvent } from '#event-store';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { Projector } from '../projector.ts';
import { READ_MODEL_SCHEMA } from '../read-model-schema.ts';
import { asStored, findRowsIn, foldEvent, upsertRows } from './batch-writes.ts';
import { alreadyApplied, CALENDAR_DATE, domainEventIn, POSITION } from './read-model-columns.ts';

export const TRAINING_OFFERINGS_PROJECTION = 'training-offerings';

/**
 * 研修の開催: one row per offering with what a list shows (course, fiscal year, first session, counts of
 * participants by status) and the offering's folded state (sessions, enrolments, attendance).
 */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'training_offerings' })
export class TrainingOfferingRow {
  @PrimaryColumn({ name: 'offering_id', type: 'text' }) offeringId!: string;
  @Column({ name: 'course_id', type: 'text' }) courseId!: string;
  @Column({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  @Column({ name: 'first_session_on', type: 'date', nullable: true, transformer: CALENDAR_DATE })
  firstSessionOn!: string | null;
  @Column({ name: 'session_count', type: 'integer' }) sessionCount!: number;
  @Column({ name: 'enrolled_count', type: 'integer' }) enrolledCount!: number;
  @Column({ name: 'completed_count', type: 'integer' }) completedCount!: number;
  @Column({ name: 'withdrawn_count', type: 'integer' }) withdrawnCount!: number;
  @Column({ type: 'jsonb' }) state!: TrainingOfferingState;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

function rowOf(
  offeringId: string,
  state: TrainingOfferingState,
  position: GlobalPosition,
): TrainingOfferingRow {
  const count = (status: string) => state.enrollments.filter((e) => e.status === status).length;
  const dates = state.sessions.map((s) => s.date).sort();
  return {
    offeringId,
    courseId: state.courseId ?? '',
    fiscalYear: state.fiscalYear ?? 0,
    firstSessionOn: dates[0] ?? null,
    sessionCount: state.sessions.length,
    enrolledCount: count('enrolled'),
    completedCount: count('completed'),
    withdrawnCount: count('withdrawn'),
    state: asStored(state),
    position,
  };
}

/**
 * Training offerings: each event of a `training-*` stream goes through the domain's evolve, so the
 * stored state equals the stream's fold. A batch loads the offerings it touches in one query and writes
 * the changed ones back in one upsert.
 */
export function trainingOfferingsProjector(name = TRAINING_OFFERINGS_PROJECTION): Projector {
  async function applyBatch(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const items = events.flatMap((recorded) => {
      const event = foldEvent(name, recorded, () =>
        domainEventIn(recorded, TRAINING_STREAM_CATEGORY, isTrainingEvent),
      );
      return event ? [{ recorded, event }] : [];
    });
    if (items.length === 0) return;
    const ids = [...new Set(items.map(({ event }) => event.data.offeringId))];
    const rows = new Map(
      (await findRowsIn(manager, TrainingOfferingRow, 'offeringId', ids)).map((row) => [row.offeringId, row]),
    );
    const changed = new Set<string>();
    for (const { recorded, event } of items) {
      const offeringId = event.data.offeringId;
      const row = rows.get(offeringId);
      if (alreadyApplied(row, recorded)) continue;
      const next = foldEvent(name, recorded, () =>
        rowOf(
          offeringId,
          evolveTrainingOffering(row?.state ?? initialTrainingOfferingState, event),
          recorded.position,
        ),
      );
      rows.set(offeringId, next);
      changed.add(offeringId);
    }
    await upsertRows(
      manager,
      TrainingOfferingRow,
      [...changed].map((id) => rows.get(id)!),
      ['offeringId'],
    );
  }

  return {
    name,
    version: 1,
    eventTypes: [
      'TrainingOffered',
      'ParticipantEnrolled',
      'AttendanceRecorded',
      'TrainingCompleted',
      'EnrollmentWithdrawn',
    ],
    apply: (recorded: RecordedEvent, manager: EntityManager) => applyBatch([recorded], manager),
    applyBatch,
    async reset(manager: EntityManager): Promise<void> {
      await manager.getRepository(TrainingOfferingRow).createQueryBuilder().delete().execute();
    },
  };
}
