import {
  APPLICATION_EVENT_TYPES,
  APPLICATION_STREAM_CATEGORY,
  evolveTimelineApplication,
  evolveTimelineGrants,
  isApplicationEvent,
  isMultiYearGrantEvent,
  MULTI_YEAR_GRANT_EVENT_TYPES,
  MULTI_YEAR_GRANT_STREAM_CATEGORY,
  NO_TIMELINE_GRANTS,
  recipientProgramTimelineProjection,
  timelineCompletionOf,
  type ApplicationEvent,
  type ApplicationRules,
  type MultiYearGrantEvent,
  type RecipientProgramTimeline,
  type TimelineApplication,
  type TimelineGrants,
  type TrainingObligation,
} from '#domain';
import type { GlobalPosition, RecordedEvent } from '#event-store';
import { Column, Entity, In, PrimaryColumn, type EntityManager } from 'typeorm';
import type { Projector } from '../projector.ts';
import { READ_MODEL_SCHEMA } from '../read-model-schema.ts';
import { asStored, findRowsIn, foldEvent, insertRowsIfAbsent, upsertRows } from './batch-writes.ts';
import { alreadyApplied, domainEventIn, POSITION } from './read-model-columns.ts';
import { trainingCompletionIn, type TrainingCompletedEvent } from './training-completions.ts';

export const RECIPIENT_PROGRAM_TIMELINES_PROJECTION = 'recipient-program-timelines';

/**
 * One recipient × one programme across fiscal years: who it belongs to, its grant records and the last
 * event that changed it. Its applications are rows of their own (TimelineApplicationRow) and its
 * completions the institution's (TimelineTrainingCompletion): the timeline is assembled on read
 * (readRecipientProgramTimelines), so that an event rewrites one small row, not the recipient's history.
 */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'recipient_program_timelines' })
export class RecipientProgramTimelineRow {
  @PrimaryColumn({ name: 'recipient_id', type: 'text' }) recipientId!: string;
  @PrimaryColumn({ name: 'program_id', type: 'text' }) programId!: string;
  /** Null while only training completions are known (they do not say the kind or the municipality). */
  @Column({ name: 'recipient_kind', type: 'text', nullable: true }) recipientKind!: string | null;
  @Column({ name: 'municipality_code', type: 'text', nullable: true }) municipalityCode!: string | null;
  /** The multi-year grants' records (a few per fiscal year). */
  @Column({ type: 'jsonb' }) grants!: TimelineGrants;
  @Column({ name: 'last_event_type', type: 'text' }) lastEventType!: string;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

/** One application of a timeline, summarised with its state (the domain's TimelineApplication). */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'timeline_applications' })
export class TimelineApplicationRow {
  @PrimaryColumn({ name: 'application_id', type: 'text' }) applicationId!: string;
  @Column({ name: 'recipient_id', type: 'text' }) recipientId!: string;
  @Column({ name: 'program_id', type: 'text' }) programId!: string;
  @Column({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  /** Its first event's: the timeline lists a year's applications in this order. */
  @Column({ name: 'first_position', type: 'numeric', precision: 40, scale: 0, transformer: POSITION })
  firstPosition!: GlobalPosition;
  @Column({ type: 'jsonb' }) application!: TimelineApplication;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
}

/**
 * The completions the timeline projector has seen, by institution: every timeline of the institution is
 * assembled with all of them, also one that starts later (the hospital's first application), as the
 * pure projection's timelines are.
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
 * training event changes one part of its timelines' facts through the domain's pure functions
 * (timeline-facts.ts: an application's summary, the grant records, a completion), and the timeline is
 * assembled on read with the domain's own assemble — so what is read equals an as-of replay of the
 * log (recipientProgramTimelineProjection's evolve). An event's cost does not depend on the recipient's
 * past: a batch loads the timeline rows of the recipients it touches and the application rows of its
 * events (one query each), folds in memory and writes back one insert of new completions and one
 * upsert each of the changed applications and timelines.
 */
export function recipientProgramTimelinesProjector(
  rules: ApplicationRules,
  name = RECIPIENT_PROGRAM_TIMELINES_PROJECTION,
): Projector {
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
    const timelines = new Map<string, Map<string, RecipientProgramTimelineRow>>();
    const timelinesOf = (recipientId: string) => getOrAdd(timelines, recipientId, () => new Map());
    const loaded = await findRowsIn(manager, RecipientProgramTimelineRow, 'recipientId', recipientIds);
    for (const row of loaded) timelinesOf(row.recipientId).set(row.programId, row);
    const applicationIds = [
      ...new Set(items.flatMap(({ application }) => (application ? [application.data.applicationId] : []))),
    ];
    const applications = new Map(
      (await findRowsIn(manager, TimelineApplicationRow, 'applicationId', applicationIds)).map((row) => [
        row.applicationId,
        row,
      ]),
    );

    const changedTimelines = new Map<string, RecipientProgramTimelineRow>();
    const changedApplications = new Map<string, TimelineApplicationRow>();
    const added = new Map<string, TimelineTrainingCompletion>();
    /** Moves the timeline row to `recorded` with `change`; false when it has seen it already (a replay). */
    const touch = (
      recipientId: string,
      programId: string,
      recorded: RecordedEvent,
      change: (
        row: RecipientProgramTimelineRow | undefined,
      ) => Partial<RecipientProgramTimelineRow> = () => ({}),
    ): boolean => {
      const row = timelinesOf(recipientId).get(programId);
      if (alreadyApplied(row, recorded)) return false;
      const next: RecipientProgramTimelineRow = {
        recipientId,
        programId,
        recipientKind: row?.recipientKind ?? null,
        municipalityCode: row?.municipalityCode ?? null,
        grants: row?.grants ?? NO_TIMELINE_GRANTS,
        ...foldEvent(name, recorded, () => change(row)),
        lastEventType: recorded.type,
        position: recorded.position,
      };
      timelinesOf(recipientId).set(programId, next);
      changedTimelines.set(`${recipientId}\u0000${programId}`, next);
      return true;
    };

    for (const { recorded, application, grant, completion } of items) {
      if (application) {
        const { applicationId, programId, recipient } = application.data;
        const recipientOf = { recipientKind: recipient.kind, municipalityCode: recipient.municipalityCode };
        if (!touch(recipient.id, programId, recorded, () => recipientOf)) continue;
        const row = applications.get(applicationId);
        const summary = foldEvent(name, recorded, () =>
          asStored(evolveTimelineApplication(rules.catalogue, row?.application, application)),
        );
        const next: TimelineApplicationRow = {
          applicationId,
          recipientId: recipient.id,
          programId,
          fiscalYear: summary.state.ref!.fiscalYear,
          firstPosition: row?.firstPosition ?? recorded.position,
          application: summary,
          position: recorded.position,
        };
        applications.set(applicationId, next);
        changedApplications.set(applicationId, next);
        continue;
      }
      if (grant) {
        const { programId, recipient } = grant.data;
        touch(recipient.id, programId, recorded, (row) => ({
          recipientKind: recipient.kind,
          municipalityCode: recipient.municipalityCode,
          grants: asStored(evolveTimelineGrants(row?.grants ?? NO_TIMELINE_GRANTS, grant)),
        }));
        continue;
      }
      const { offeringId, personId, institutionId } = completion!.data;
      const key = `${offeringId}\u0000${personId}`;
      if (!added.has(key)) {
        added.set(key, {
          offeringId,
          personId,
          institutionId,
          event: asStored({ type: completion!.type, data: completion!.data }),
          position: recorded.position,
        });
      }
      const programIds = new Set([...timelinesOf(institutionId).keys(), ...trainingPrograms]);
      for (const programId of programIds) touch(institutionId, programId, recorded);
    }
    // A completion stored already (a replay) stays as it was: it is one per offering and person.
    await insertRowsIfAbsent(manager, TimelineTrainingCompletion, [...added.values()]);
    await upsertRows(manager, TimelineApplicationRow, [...changedApplications.values()], ['applicationId']);
    await upsertRows(
      manager,
      RecipientProgramTimelineRow,
      [...changedTimelines.values()],
      ['recipientId', 'programId'],
    );
  }

  return {
    name,
    version: 3,
    eventTypes: [...APPLICATION_EVENT_TYPES, ...MULTI_YEAR_GRANT_EVENT_TYPES, 'TrainingCompleted'],
    apply: (recorded: RecordedEvent, manager: EntityManager) => applyBatch([recorded], manager),
    applyBatch,
    async reset(manager: EntityManager): Promise<void> {
      for (const entity of [RecipientProgramTimelineRow, TimelineApplicationRow, TimelineTrainingCompletion])
        await manager.getRepository(entity).createQueryBuilder().delete().execute();
    },
  };
}

/** A timeline as it is read: its row's who and last event, and the timeline assembled with what it says. */
export interface RecipientProgramTimelineView {
  readonly programId: string;
  readonly recipientKind: string | null;
  readonly municipalityCode: string | null;
  /** The timeline's next action and its due date (the earliest-due over all years). */
  readonly nextAction: string | null;
  readonly dueDate: string | null;
  /** The training duties not yet met (open or missed) as of the timeline's last year. */
  readonly openObligations: TrainingObligation[];
  readonly timeline: RecipientProgramTimeline;
  readonly position: GlobalPosition;
}

/**
 * The timelines of `rows` (all one recipient's), assembled by the domain from their applications,
 * their grant records and the recipient's completions: two queries, read in the caller's snapshot.
 */
export async function readRecipientProgramTimelines(
  manager: EntityManager,
  rules: ApplicationRules,
  rows: readonly RecipientProgramTimelineRow[],
): Promise<RecipientProgramTimelineView[]> {
  if (rows.length === 0) return [];
  const recipientId = rows[0]!.recipientId;
  const applications = await manager.getRepository(TimelineApplicationRow).find({
    where: { recipientId, programId: In(rows.map((row) => row.programId)) },
    order: { fiscalYear: 'ASC', firstPosition: 'ASC' },
  });
  const completions = (
    await manager
      .getRepository(TimelineTrainingCompletion)
      .find({ where: { institutionId: recipientId }, order: { position: 'ASC' } })
  ).map((row) => timelineCompletionOf(row.event));
  const projection = recipientProgramTimelineProjection(rules.catalogue, rules.schedule);
  return rows.map((row) => {
    const timeline = projection.assemble(recipientId, row.programId, {
      applications: applications.filter((a) => a.programId === row.programId).map((a) => a.application),
      completions,
      ...row.grants,
    });
    return {
      programId: row.programId,
      recipientKind: row.recipientKind,
      municipalityCode: row.municipalityCode,
      nextAction: timeline.nextAction?.action ?? null,
      dueDate: timeline.nextAction?.dueDate ?? null,
      openObligations: [...(timeline.years.at(-1)?.obligations ?? [])],
      timeline,
      position: row.position,
    };
  });
}

interface BatchItem {
  readonly recorded: RecordedEvent;
  readonly application?: ApplicationEvent;
  readonly grant?: MultiYearGrantEvent;
  readonly completion?: TrainingCompletedEvent;
}

function getOrAdd<Key, Value>(map: Map<Key, Value>, key: Key, create: () => Value): Value {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}
