import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '#platform';
import { AuditAccessLog, type HistoryAccess, type RequestContext } from '../audit-log/audit-access-log.ts';
import { exportFilename, sendHistoryExport } from '../history/history-export.ts';
import { pageSizeOf } from '../history/history-query.dto.ts';
import { SECURITY_LOG_LAYOUT } from './security-log-layout.ts';
import {
  securityLogEntryDto,
  securityLogFilterOf,
  type SecurityLogExportQueryDto,
  type SecurityLogFilterQueryDto,
  type SecurityLogPageDto,
  type SecurityLogQueryDto,
} from './security-log.dto.ts';
import { SECURITY_LOG_CATEGORY, SecurityLog } from './security-log.ts';

/**
 * Reading the security log: pages and exports, each recorded in the auditor access log (a read of the
 * category `security`) before anything is returned, as the history's are.
 */
@Injectable()
export class SecurityLogService {
  private readonly logger = new Logger('SecurityLog');

  constructor(
    private readonly log: SecurityLog,
    private readonly accessLog: AuditAccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async page(context: RequestContext, query: SecurityLogQueryDto): Promise<SecurityLogPageDto> {
    const limit = pageSizeOf(query);
    const page = await this.log.list(securityLogFilterOf(query), query.cursor, limit);
    await this.accessLog.record(context, 'HistoryQueried', {
      ...accessOf(query),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      limit,
      returned: page.events.length,
      nextCursor: page.nextCursor,
    });
    return { entries: page.events.map(securityLogEntryDto), nextCursor: page.nextCursor };
  }

  async export(
    context: RequestContext,
    query: SecurityLogExportQueryDto,
    response: ServerResponse,
  ): Promise<void> {
    const access: HistoryAccess = { ...accessOf(query), format: query.format };
    const started = await this.accessLog.record(context, 'HistoryExportStarted', access);
    const outcome = await sendHistoryExport(
      this.log.entries(securityLogFilterOf(query)),
      query.format,
      response,
      exportFilename('log', this.clock.now(), query.format, SECURITY_LOG_CATEGORY),
      SECURITY_LOG_LAYOUT,
    );
    if (outcome.error !== undefined)
      this.logger.error(`security log export ${context.requestId} failed: ${outcome.error}`);
    await this.accessLog
      .record(context, 'HistoryExportFinished', { ...access, ...outcome }, started)
      .catch((error: unknown) =>
        this.logger.error(`export ${context.requestId}: could not record its end: ${String(error)}`),
      );
  }
}

function accessOf(query: SecurityLogFilterQueryDto): HistoryAccess {
  const { from, to, actorId, code, command } = query;
  return {
    scope: 'category',
    category: SECURITY_LOG_CATEGORY,
    filters: { from, to, actorId, ...(code === undefined ? {} : { codes: code }), command },
  };
}
