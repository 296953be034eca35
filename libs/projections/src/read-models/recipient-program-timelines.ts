import {
  APPLICATION_EVENT_TYPES,
  APPLICATION_STREAM_CATEGORY,
  isApplicationEvent,
  isMultiYearGrantEvent,
  MULTI_YEAR_GRANT_EVENT_TYPES,
  MULTI_YEAR_GRANT_STREAM_CATEGORY,
  recipientProgramTimelineProjection,
  type ApplicationEvent,
  type ApplicationRules,
  type MultiYearGrantEvent,
  type RecipientProgramTimeline,
  type TimelineEvent,
  type TrainingObligation,
} from '#domain';
import type { GlobalPosition, RecordedEvent } from '#event-store';
import { Column, Entity, In, PrimaryColumn, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { Projector } from '../projector.ts';
import { READ_MODEL_SCHEMA } from '../read-model-schema.ts';
import { asStored, foldEvent, insertRowsIfAbsent, upsertRows } from './batch-writes.ts';
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
 * Recipient × programme timelines: every application, grant-record (the rollover's programme years) and
 * training event goes through the domain's pure `evolve`
 * (recipientProgramTimelineProjection), so the stored JSON equals an as-of replay of the log. A batch
 * loads the timelines and completions of the recipients it touches (one query each), folds in memory
 * and writes back in one insert of new completions and one upsert of the changed timelines.
 */
export function recipientProgramTimelinesProjector(
  rules: ApplicationRules,
  name = RECIPIENT_PROGRAM_TIMELINES_PROJECTION,
): Projector {
  const projection = recipientProgramTimelineProjection(rules.catalogue, rules.schedule);
  const trainingPrograms = trainingProgramIds(rules);

  async function applyBatch(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const items = events.flatMap((recorded): BatchItem[] =>
      foldEvent(name, recorded, () => {
        const application = domainEventIn(recorded, APPLICATION_STREAM_CATEGORY, isApplicationEvent);
        if (application) return [{ recorded, application }];
        const grant = domainEventIn(recorded, MULTI_YEAR_GRANT_STREAM_CATEGORY, isMultiYearGrantEvent);
        if (grant) return [{ recorded, grant }];
        const completion = trainingCompletionIn(recorded);
        return completion ? [{ recorded, completion }] : [];
      }),
    );
    if (items.length === 0) return;
    const recipientIds = [
      ...new Set(
        items.map(
          ({ application, grant, completion }) =>
            application?.data.recipient.id ?? grant?.data.recipient.id ?? completion!.data.institutionId,
        ),
      ),
    ];
    const rows = new Map<string, Map<string, RecipientProgramTimelineRow>>();
    const rowsOf = (recipientId: string) => getOrAdd(rows, recipientId, () => new Map());
    const loaded = await manager
      .getRepository(RecipientProgramTimelineRow)
      .findBy({ recipientId: In(recipientIds) });
    for (const row of loaded) rowsOf(row.recipientId).set(row.programId, row);

    // The completions already stored for these recipients, and any stored under the batch's keys.
    const where: FindOptionsWhere<TimelineTrainingCompletion>[] = [
      { institutionId: In(recipientIds) },
      ...items.flatMap(({ completion }) =>
        completion ? [{ offeringId: completion.data.offeringId, personId: completion.data.personId }] : [],
      ),
    ];
    const stored = await manager
      .getRepository(TimelineTrainingCompletion)
      .find({ where, order: { position: 'ASC' } });
    const known = new Set(stored.map((c) => completionKey(c)));
    const completions = new Map<string, TimelineTrainingCompletion[]>();
    for (const completion of stored)
      getOrAdd(completions, completion.institutionId, () => []).push(completion);

    /** A new timeline, fed the recipient's completions recorded before `recorded` (log order). */
    const startTimeline = (recipientId: string, programId: string, recorded: RecordedEvent) =>
      (completions.get(recipientId) ?? [])
        .filter((completion) => completion.position < recorded.position)
        .reduce(
          (timeline, completion) => projection.evolve(timeline, completion.event as TimelineEvent),
          projection.initial(recipientId, programId),
        );

    const added: TimelineTrainingCompletion[] = [];
    const changed = new Map<string, RecipientProgramTimelineRow>();
    const evolveRow = (
      recipientId: string,
      programId: string,
      event: TimelineEvent,
      recorded: RecordedEvent,
      recipient: { recipientKind?: string; municipalityCode?: string },
    ) => {
      const row = rowsOf(recipientId).get(programId);
      if (alreadyApplied(row, recorded)) return;
      const next = foldEvent(name, recorded, (): RecipientProgramTimelineRow => {
        const timeline = projection.evolve(
          row?.timeline ?? startTimeline(recipientId, programId, recorded),
          event,
        );
        const lastYear = timeline.years.at(-1);
        return {
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
        };
      });
      changed.set(`${recipientId}\u0000${programId}`, next);
      rowsOf(recipientId).set(programId, {
        ...next,
        timeline: asStored(next.timeline),
        openObligations: asStored(next.openObligations),
      });
    };

    for (const { recorded, application, grant, completion } of items) {
      const recipientEvent = application ?? grant;
      if (recipientEvent) {
        const { recipient, programId } = recipientEvent.data;
        evolveRow(recipient.id, programId, recipientEvent, recorded, {
          recipientKind: recipient.kind,
          municipalityCode: recipient.municipalityCode,
        });
        continue;
      }
      const { offeringId, personId, institutionId } = completion!.data;
      if (!known.has(completionKey({ offeringId, personId }))) {
        known.add(completionKey({ offeringId, personId }));
        const row: TimelineTrainingCompletion = {
          offeringId,
          personId,
          institutionId,
          event: asStored({ type: completion!.type, data: completion!.data }),
          position: recorded.position,
        };
        added.push(row);
        getOrAdd(completions, institutionId, () => []).push(row);
      }
      const programIds = [...new Set([...rowsOf(institutionId).keys(), ...trainingPrograms])].sort();
      for (const programId of programIds) evolveRow(institutionId, programId, completion!, recorded, {});
    }
    await insertRowsIfAbsent(manager, TimelineTrainingCompletion, added);
    await upsertRows(
      manager,
      RecipientProgramTimelineRow,
      [...changed.values()],
      ['recipientId', 'programId'],
    );
  }

  return {
    name,
    version: 2,
    eventTypes: [...APPLICATION_EVENT_TYPES, ...MULTI_YEAR_GRANT_EVENT_TYPES, 'TrainingCompleted'],
    apply: (recorded: RecordedEvent, manager: EntityManager) => applyBatch([recorded], manager),
    applyBatch,
    async reset(manager: EntityManager): Promise<void> {
      await manager.getRepository(RecipientProgramTimelineRow).createQueryBuilder().delete().execute();
      await manager.getRepository(TimelineTrainingCompletion).createQueryBuilder().delete().execute();
    },
  };
}

interface BatchItem {
  readonly recorded: RecordedEvent;
  readonly application?: ApplicationEvent;
  readonly grant?: MultiYearGrantEvent;
  readonly completion?: TrainingCompletedEvent;
}

const completionKey = ({ offeringId, personId }: { offeringId: string; personId: string }): string =>
  `${offeringId}\u0000${personId}`;

function getOrAdd<Key, Value>(map: Map<Key, Value>, key: Key, create: () => Value): Value {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}
