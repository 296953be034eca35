import {
  APPLICATION_EVENT_TYPES,
  APPLICATION_STREAM_CATEGORY,
  evolveApplication,
  initialApplicationState,
  isApplicationEvent,
  nextApplicationAction,
  type ApplicationEvent,
  type ApplicationState,
} from '#domain';
import type { GlobalPosition, RecordedEvent } from '#event-store';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { Projector } from '../projector.ts';
import { READ_MODEL_SCHEMA } from '../read-model-schema.ts';
import { asStored, findRowsIn, foldEvent, upsertRows } from './batch-writes.ts';
import { alreadyApplied, CALENDAR_DATE, domainEventIn, POSITION, YEN } from './read-model-columns.ts';

export const CASE_SUMMARIES_PROJECTION = 'case-summaries';

/** One row per application: where it stands, what it waits for and by when, and its money. */
@Entity({ schema: READ_MODEL_SCHEMA, name: 'case_summaries' })
export class CaseSummary {
  @PrimaryColumn({ name: 'application_id', type: 'text' }) applicationId!: string;
  @Column({ name: 'program_id', type: 'text' }) programId!: string;
  @Column({ name: 'menu_id', type: 'text' }) menuId!: string;
  @Column({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  @Column({ name: 'program_year', type: 'integer' }) programYear!: number;
  @Column({ name: 'recipient_kind', type: 'text' }) recipientKind!: string;
  @Column({ name: 'recipient_id', type: 'text' }) recipientId!: string;
  @Column({ name: 'municipality_code', type: 'text' }) municipalityCode!: string;
  @Column({ type: 'text' }) stage!: string;
  @Column({ name: 'next_action', type: 'text', nullable: true }) nextAction!: string | null;
  @Column({ name: 'next_action_by', type: 'text', array: true, nullable: true })
  nextActionBy!: string[] | null;
  @Column({ name: 'next_action_label', type: 'jsonb', nullable: true })
  nextActionLabel!: { ja: string; en: string } | null;
  @Column({ name: 'due_date', type: 'date', nullable: true, transformer: CALENDAR_DATE })
  dueDate!: string | null;
  @Column({ name: 'requested_amount', type: 'bigint', nullable: true, transformer: YEN })
  requestedAmount!: number | null;
  @Column({ name: 'granted_amount', type: 'bigint', nullable: true, transformer: YEN })
  grantedAmount!: number | null;
  @Column({ name: 'confirmed_amount', type: 'bigint', nullable: true, transformer: YEN })
  confirmedAmount!: number | null;
  @Column({ name: 'paid_amount', type: 'bigint', transformer: YEN }) paidAmount!: number;
  @Column({ name: 'refunded_amount', type: 'bigint', transformer: YEN }) refundedAmount!: number;
  @Column({ name: 'reviewer_id', type: 'text', nullable: true }) reviewerId!: string | null;
  @Column({ name: 'last_event_type', type: 'text' }) lastEventType!: string;
  @Column({ name: 'last_event_at', type: 'timestamptz' }) lastEventAt!: Date;
  @Column({ type: 'numeric', precision: 40, scale: 0, transformer: POSITION }) position!: GlobalPosition;
  @Column({ type: 'jsonb' }) state!: ApplicationState;
}

/** The row of a case after `event`, from its evolved state (the case's identity is on every event). */
export function caseSummaryOf(
  state: ApplicationState,
  event: ApplicationEvent,
  recorded: RecordedEvent,
): CaseSummary {
  const { applicationId, programId, menuId, fiscalYear, programYear, recipient } = event.data;
  const next = nextApplicationAction(state);
  return Object.assign(new CaseSummary(), {
    applicationId,
    programId,
    menuId,
    fiscalYear,
    programYear,
    recipientKind: recipient.kind,
    recipientId: recipient.id,
    municipalityCode: recipient.municipalityCode,
    stage: state.stage,
    nextAction: next?.action ?? null,
    nextActionBy: next ? [...next.by] : null,
    nextActionLabel: next?.label ?? null,
    dueDate: next?.dueDate ?? null,
    requestedAmount: state.requestedAmount ?? null,
    grantedAmount: state.grant?.amount ?? null,
    confirmedAmount: state.confirmedAmount ?? null,
    paidAmount: state.paid,
    refundedAmount: state.refunded,
    reviewerId: state.reviewerIds.at(-1) ?? null,
    lastEventType: event.type,
    lastEventAt: recorded.recordedAt,
    position: recorded.position,
    state,
  } satisfies CaseSummary);
}

/**
 * Case summaries: every application event of `application-*` streams, folded with the domain's evolve.
 * A batch loads the cases it touches in one query, folds in memory and writes them back in one upsert.
 */
export function caseSummariesProjector(name = CASE_SUMMARIES_PROJECTION): Projector {
  async function applyBatch(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const applicable = events.flatMap((recorded) => {
      const event = foldEvent(name, recorded, () =>
        domainEventIn(recorded, APPLICATION_STREAM_CATEGORY, isApplicationEvent),
      );
      return event ? [{ recorded, event }] : [];
    });
    if (applicable.length === 0) return;
    const ids = [...new Set(applicable.map(({ event }) => event.data.applicationId))];
    const rows = new Map(
      (await findRowsIn(manager, CaseSummary, 'applicationId', ids)).map((r) => [r.applicationId, r]),
    );
    const changed = new Map<string, CaseSummary>();
    for (const { recorded, event } of applicable) {
      const id = event.data.applicationId;
      const row = rows.get(id);
      if (alreadyApplied(row, recorded)) continue;
      const next = foldEvent(name, recorded, () => {
        const state = evolveApplication(row?.state ?? initialApplicationState, event);
        return caseSummaryOf(state, event, recorded);
      });
      changed.set(id, next);
      rows.set(id, { ...next, state: asStored(next.state) });
    }
    await upsertRows(manager, CaseSummary, [...changed.values()], ['applicationId']);
  }

  return {
    name,
    version: 2,
    eventTypes: APPLICATION_EVENT_TYPES,
    apply: (recorded: RecordedEvent, manager: EntityManager) => applyBatch([recorded], manager),
    applyBatch,
    async reset(manager: EntityManager): Promise<void> {
      await manager.getRepository(CaseSummary).createQueryBuilder().delete().execute();
    },
  };
}
