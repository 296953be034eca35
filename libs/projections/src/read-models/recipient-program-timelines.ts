import {
  APPLICATION_EVENT_TYPES,
  APPLICATION_STREAM_CATEGORY,
  isApplicationEvent,
  recipientProgramTimelineProjection,
  type ApplicationRules,
  type RecipientProgramTimeline,
  type RecipientProgramTimelineProjection,
  type TimelineEvent,
  type TrainingObligation,
} from '#domain';
import type { GlobalPosition, RecordedEvent } from '#event-store';
import { Column, Entity, LessThan, PrimaryColumn, type EntityManager } from 'typeorm';
import type { Projector } from '../projector.ts';
import { READ_MODEL_SCHEMA } from '../read-model-schema.ts';
import { alreadyApplied, CALENDAR_DATE, domainEventIn, POSITION } from './read-model-columns.ts';
import { trainingCompletionIn, type TrainingCompletedEvent } from './training-completions.ts';

export const RECIPIENT_PROGRAM_TIMELINES_PROJECTION = 'recipient-program-timelines';

/** One recipient × one programme across fiscal years: the domain's timeline as JSON, plus what is filtered on. */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'recipient_program_timelines' })
export class RecipientProgramTimelineRow {
  @PrimaryColumn({ name: 'recipient_id', type: 'text' }) recipientId!: string;
  @PrimaryColumn({ name: 'program_id', type: 'text' }) programId!: string;
  /** Null while only training completions are known (they do not say the kind or the municipality). */
  @Column({ name: 'recipient_kind', type: 'text', nullable: true }) recipientKind!: string | null;
  @Column({ name: 'municipality_code', type: 'text', nullable: true }) municipalityCode!: string | null;
  @Column({ type: 'jsonb' }) timeline!: RecipientProgramTimeline;
  @Column({ name: 'next_action', type: 'text', nullable: true }) nextAction!: string | null;
  @Column({ name: 'due_date', type: 'date', nullable: true, transformer: CALENDAR_DATE })
  dueDate!: string | null;
  /** The training duties not yet met (open or missed) as of the timeline's last year. */
  @Column({ name: 'open_obligations', type: 'jsonb' }) openObligations!: TrainingObligation[];
  @Column({ name: 'last_event_type', type: 'text' }) lastEventType!: string;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

/**
 * The completions the timeline projector has seen, by institution: a timeline that starts later (the
 * hospital's first application) is fed the completions recorded before it, as the pure projection is.
 */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'timeline_training_completions' })
export class TimelineTrainingCompletion {
  @PrimaryColumn({ name: 'offering_id', type: 'text' }) offeringId!: string;
  @PrimaryColumn({ name: 'person_id', type: 'text' }) personId!: string;
  @Column({ name: 'institution_id', type: 'text' }) institutionId!: string;
  @Column({ type: 'jsonb' }) event!: Pick<TrainingCompletedEvent, 'type' | 'data'>;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

/** Programmes whose application depends on staff training: a completion starts their timeline. */
function trainingProgramIds(rules: ApplicationRules): string[] {
  return rules.catalogue
    .programIds()
    .filter((id) => rules.catalogue.versionsOf(id).some((v) => v.trainingToApplicationOffset !== undefined));
}

/**
 * Recipient × programme timelines: every event goes through the domain's pure `evolve`
 * (recipientProgramTimelineProjection), so the stored JSON equals an as-of replay of the log.
 */
export function recipientProgramTimelinesProjector(
  rules: ApplicationRules,
  name = RECIPIENT_PROGRAM_TIMELINES_PROJECTION,
): Projector {
  const projection = recipientProgramTimelineProjection(rules.catalogue, rules.schedule);
  const trainingPrograms = trainingProgramIds(rules);

  return {
    name,
    version: 1,
    eventTypes: [...APPLICATION_EVENT_TYPES, 'TrainingCompleted'],
    async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
      const application = domainEventIn(recorded, APPLICATION_STREAM_CATEGORY, isApplicationEvent);
      if (application) {
        const { recipient, programId } = application.data;
        const row = await manager
          .getRepository(RecipientProgramTimelineRow)
          .findOneBy({ recipientId: recipient.id, programId });
        await evolveRow(manager, projection, recipient.id, programId, row, application, recorded, {
          recipientKind: recipient.kind,
          municipalityCode: recipient.municipalityCode,
        });
        return;
      }
      const completion = trainingCompletionIn(recorded);
      if (!completion) return;
      const { offeringId, personId, institutionId } = completion.data;
      await manager
        .createQueryBuilder()
        .insert()
        .into(TimelineTrainingCompletion)
        .values({
          offeringId,
          personId,
          institutionId,
          event: { type: completion.type, data: completion.data },
          position: recorded.position,
        })
        .orIgnore()
        .execute();
      const rows = await manager
        .getRepository(RecipientProgramTimelineRow)
        .findBy({ recipientId: institutionId });
      const programIds = [...new Set([...rows.map((r) => r.programId), ...trainingPrograms])].sort();
      for (const programId of programIds) {
        const row = rows.find((r) => r.programId === programId) ?? null;
        await evolveRow(manager, projection, institutionId, programId, row, completion, recorded, {});
      }
    },
    async reset(manager: EntityManager): Promise<void> {
      await manager.getRepository(RecipientProgramTimelineRow).createQueryBuilder().delete().execute();
      await manager.getRepository(TimelineTrainingCompletion).createQueryBuilder().delete().execute();
    },
  };
}

async function evolveRow(
  manager: EntityManager,
  projection: RecipientProgramTimelineProjection,
  recipientId: string,
  programId: string,
  row: RecipientProgramTimelineRow | null,
  event: TimelineEvent,
  recorded: RecordedEvent,
  recipient: { recipientKind?: string; municipalityCode?: string },
): Promise<void> {
  if (alreadyApplied(row, recorded)) return;
  const before =
    row?.timeline ?? (await startTimeline(manager, projection, recipientId, programId, recorded));
  const timeline = projection.evolve(before, event);
  const lastYear = timeline.years.at(-1);
  await manager.getRepository(RecipientProgramTimelineRow).upsert(
    {
      recipientId,
      programId,
      recipientKind: recipient.recipientKind ?? row?.recipientKind ?? null,
      municipalityCode: recipient.municipalityCode ?? row?.municipalityCode ?? null,
      timeline,
      nextAction: timeline.nextAction?.action ?? null,
      dueDate: timeline.nextAction?.dueDate ?? null,
      openObligations: [...(lastYear?.obligations ?? [])],
      lastEventType: recorded.type,
      position: recorded.position,
    },
    ['recipientId', 'programId'],
  );
}

/** A new timeline, fed the recipient's training completions recorded before `recorded` (log order). */
async function startTimeline(
  manager: EntityManager,
  projection: RecipientProgramTimelineProjection,
  recipientId: string,
  programId: string,
  recorded: RecordedEvent,
): Promise<RecipientProgramTimeline> {
  const earlier = await manager.getRepository(TimelineTrainingCompletion).find({
    where: { institutionId: recipientId, position: LessThan(recorded.position) },
    order: { position: 'ASC' },
  });
  return earlier.reduce(
    (timeline, completion) => projection.evolve(timeline, completion.event as TimelineEvent),
    projection.initial(recipientId, programId),
  );
}
