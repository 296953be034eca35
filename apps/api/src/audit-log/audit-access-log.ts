import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '#domain';
import type { EventStore, HistoryFilter, RecordedEvent } from '#event-store';
import { CLOCK, EVENT_STORE, type Clock } from '#platform';
import { readHistoryPage, type HistoryPage } from '../history/history-page.ts';

/**
 * The auditor access log lives in the event store itself, one stream per Tokyo calendar day
 * (`auditAccess-2026-04-01`): its events are hash-chained and covered by the signed log checkpoints like
 * every other event, so an access record cannot be edited or removed without `audit verify` noticing,
 * and it works on either adapter (PostgreSQL or KurrentDB). Only admin and system read it; the history
 * endpoints hide this category from every other role.
 */
export const AUDIT_ACCESS_CATEGORY = 'auditAccess';

export type AccessEventType =
  'HistoryQueried' | 'HistoryExportStarted' | 'HistoryExportFinished' | 'AsOfQueried';

/** What was asked for, and what came of it. Filters are recorded as sent (validated). */
export interface HistoryAccess {
  readonly scope: 'stream' | 'category' | 'log';
  readonly streamId?: string;
  readonly category?: string;
  readonly filters: {
    readonly from?: string;
    readonly to?: string;
    readonly actorId?: string;
    readonly types?: readonly string[];
    /** The security log's filters (category security). */
    readonly codes?: readonly string[];
    readonly command?: string;
  };
  readonly cursor?: string;
  readonly limit?: number;
  readonly format?: 'csv' | 'jsonl';
  /** Events returned (a page) or written (an export, so far). */
  readonly returned?: number;
  readonly nextCursor?: string | null;
  /** false: the stream does not exist, or is not the caller's to see (answered 404). */
  readonly found?: boolean;
  /** Export only: false when the client went away or the read failed before the end. */
  readonly completed?: boolean;
  readonly error?: string;
}

/** An as-of query (apps/api/src/as-of): which state, as of which point, and whether it was found. */
export interface AsOfAccess {
  readonly scope: 'asOf';
  readonly resource: 'application' | 'recipientTimeline' | 'designationRound' | 'budgetExecution';
  readonly id: string;
  readonly at?: string;
  readonly position?: string;
  readonly found: boolean;
  /** Position of the last event replayed into the answer. */
  readonly upToPosition?: string;
}

export interface RequestContext {
  readonly actor: Actor;
  readonly requestId: string;
}

export function isAuditAccessEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith(`${AUDIT_ACCESS_CATEGORY}-`);
}

/** May this actor see the access log (and so its events in the history)? */
export function mayReadAccessLog(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'system';
}

@Injectable()
export class AuditAccessLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Appends one access record and returns its event id (the causation of a follow-up record). */
  async record(
    context: RequestContext,
    type: AccessEventType,
    access: HistoryAccess | AsOfAccess,
    causationId?: string,
  ): Promise<string> {
    const id = uuidv7();
    const { actor, requestId } = context;
    await this.store.append(
      `${AUDIT_ACCESS_CATEGORY}-${tokyoDate(this.clock.now())}`,
      [
        {
          id,
          type,
          data: withoutUndefined(access),
          metadata: {
            actorId: actor.id,
            actorRole: actor.role,
            correlationId: requestId,
            requestId,
            ...(causationId === undefined ? {} : { causationId }),
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    return id;
  }

  /** A page of the access log, oldest first; `filter.actorId` is who accessed the history. */
  list(filter: HistoryFilter, cursor: string | undefined, limit: number): Promise<HistoryPage> {
    return readHistoryPage(
      this.store,
      { ...filter, category: AUDIT_ACCESS_CATEGORY },
      { limit, ...(cursor === undefined ? {} : { cursor }) },
    );
  }
}

/** The store refuses undefined in data (JSON would drop it): absent fields are left out, at any depth. */
function withoutUndefined<Access extends HistoryAccess | AsOfAccess>(access: Access): Access {
  return JSON.parse(JSON.stringify(access)) as Access;
}

/** 2026-04-01: the calendar day in Tokyo (UTC+9, no daylight saving time). */
export function tokyoDate(instant: Date): string {
  return new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
