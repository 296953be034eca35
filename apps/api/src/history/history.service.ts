import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '#domain';
import { readHistory, type EventStore, type HistoryFilter, type RecordedEvent } from '#event-store';
import { CLOCK, EVENT_STORE, type Clock } from '#platform';
import {
  AUDIT_ACCESS_CATEGORY,
  AuditAccessLog,
  isAuditAccessEvent,
  mayReadAccessLog,
  type HistoryAccess,
  type RequestContext,
} from '../audit-log/audit-access-log.ts';
import { ResourceNotFoundException } from '../auth/access-scope.ts';
import { SECURITY_LOG_CATEGORY, mayReadSecurityLog } from '../security-log/security-log.ts';
import { RequestValidationException } from '../validation/request-validation.ts';
import { exportFilename, sendHistoryExport } from './history-export.ts';
import { historyEventDto, type HistoryPageDto } from './history-page.dto.ts';
import { readHistoryPage } from './history-page.ts';
import {
  historyFilterOf,
  pageSizeOf,
  type HistoryExportQueryDto,
  type HistoryFilterQueryDto,
  type HistoryPageQueryDto,
} from './history-query.dto.ts';

export type HistoryScope =
  | { readonly kind: 'stream'; readonly streamId: string }
  | { readonly kind: 'category'; readonly category: string }
  | { readonly kind: 'log' };

/**
 * The auditor's history: pages and exports of a stream, a category or the whole log, each recorded in
 * the access log before anything is returned (no record, no data).
 */
@Injectable()
export class HistoryService {
  private readonly logger = new Logger('History');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accessLog: AuditAccessLog,
  ) {}

  async page(
    context: RequestContext,
    scope: HistoryScope,
    query: HistoryPageQueryDto,
  ): Promise<HistoryPageDto> {
    const { cursor } = query;
    if (
      scope.kind === 'stream' &&
      cursor !== undefined &&
      BigInt(cursor) >= BigInt(Number.MAX_SAFE_INTEGER)
    ) {
      throw new RequestValidationException([
        {
          field: 'cursor',
          value: cursor,
          reason: `a stream's cursor is a revision: at most ${Number.MAX_SAFE_INTEGER - 1}`,
        },
      ]);
    }
    const limit = pageSizeOf(query);
    const access = { ...accessOf(scope, query), ...(cursor === undefined ? {} : { cursor }), limit };
    if (!(await this.isVisible(context.actor, scope))) {
      await this.accessLog.record(context, 'HistoryQueried', { ...access, returned: 0, found: false });
      throw notFound(scope);
    }
    const page = await readHistoryPage(this.store, filterOf(scope, query), {
      limit,
      ...(cursor === undefined ? {} : { cursor }),
      ...this.hiddenFor(context.actor, scope),
    });
    await this.accessLog.record(context, 'HistoryQueried', {
      ...access,
      returned: page.events.length,
      nextCursor: page.nextCursor,
    });
    return { events: page.events.map(historyEventDto), nextCursor: page.nextCursor };
  }

  /** Streams the whole filtered history; recorded when it starts (or fails to) and when it ends. */
  async export(
    context: RequestContext,
    scope: HistoryScope,
    query: HistoryExportQueryDto,
    response: ServerResponse,
  ): Promise<void> {
    const access: HistoryAccess = { ...accessOf(scope, query), format: query.format };
    if (!(await this.isVisible(context.actor, scope))) {
      await this.accessLog.record(context, 'HistoryExportStarted', { ...access, found: false });
      throw notFound(scope);
    }
    const started = await this.accessLog.record(context, 'HistoryExportStarted', access);
    const { hidden } = this.hiddenFor(context.actor, scope);
    const events = readHistory(this.store, filterOf(scope, query));
    const outcome = await sendHistoryExport(
      hidden === undefined ? events : withoutHidden(events, hidden),
      query.format,
      response,
      exportFilename(labelOf(scope), this.clock.now(), query.format),
    );
    if (outcome.error !== undefined)
      this.logger.error(`export ${context.requestId} failed: ${outcome.error}`);
    // The data has gone out: a failure to record the end is logged, the start is on record already.
    await this.accessLog
      .record(context, 'HistoryExportFinished', { ...access, ...outcome }, started)
      .catch((error: unknown) =>
        this.logger.error(`export ${context.requestId}: could not record its end: ${String(error)}`),
      );
  }

  /**
   * A stream that does not exist, and the access log and the security log for those who may not read
   * them, answer 404.
   */
  private async isVisible(actor: Actor, scope: HistoryScope): Promise<boolean> {
    const category =
      scope.kind === 'stream'
        ? scope.streamId.slice(0, scope.streamId.indexOf('-'))
        : scope.kind === 'category'
          ? scope.category
          : undefined;
    if (category === AUDIT_ACCESS_CATEGORY && !mayReadAccessLog(actor)) return false;
    if (category === SECURITY_LOG_CATEGORY && !mayReadSecurityLog(actor)) return false;
    if (scope.kind !== 'stream') return true;
    return (await this.store.readStream(scope.streamId, { maxCount: 1 })).length > 0;
  }

  /** The whole log, for those who may not read the access log, leaves its events out. */
  private hiddenFor(actor: Actor, scope: HistoryScope): { hidden?: (event: RecordedEvent) => boolean } {
    return scope.kind === 'log' && !mayReadAccessLog(actor) ? { hidden: isAuditAccessEvent } : {};
  }
}

async function* withoutHidden(
  events: AsyncIterable<RecordedEvent>,
  hidden: (event: RecordedEvent) => boolean,
): AsyncGenerator<RecordedEvent> {
  for await (const event of events) if (!hidden(event)) yield event;
}

function filterOf(scope: HistoryScope, query: HistoryFilterQueryDto): HistoryFilter {
  const filter = historyFilterOf(query);
  if (scope.kind === 'stream') return { ...filter, streamId: scope.streamId };
  if (scope.kind === 'category') return { ...filter, category: scope.category };
  return filter;
}

function accessOf(scope: HistoryScope, query: HistoryFilterQueryDto): HistoryAccess {
  const { from, to, actorId, type } = query;
  return {
    scope: scope.kind,
    ...(scope.kind === 'stream' ? { streamId: scope.streamId } : {}),
    ...(scope.kind === 'category' ? { category: scope.category } : {}),
    filters: { from, to, actorId, ...(type === undefined ? {} : { types: type }) },
  };
}

function labelOf(scope: HistoryScope): string {
  return scope.kind === 'stream' ? scope.streamId : scope.kind === 'category' ? scope.category : 'all';
}

function notFound(scope: HistoryScope): ResourceNotFoundException {
  return new ResourceNotFoundException(
    scope.kind === 'stream' ? `stream "${scope.streamId}"` : `category "${labelOf(scope)}"`,
  );
}
