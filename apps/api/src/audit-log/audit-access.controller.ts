import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { historyFilterOf, pageSizeOf } from '../history/history-query.dto.ts';
import { AuditAccessLog } from './audit-access-log.ts';
import { auditAccessEntryDto, AuditAccessPageDto, AuditAccessQueryDto } from './audit-access.dto.ts';

/** The auditor access log: no @Roles, so admin and system only (an auditor gets 403). */
@ApiTags('admin')
@Controller('admin/audit-access')
export class AuditAccessController {
  constructor(private readonly accessLog: AuditAccessLog) {}

  @Get()
  @ApiOperation({
    summary: 'Who read or exported the history, when, with which filters, and how many events (admin only)',
  })
  @ApiOkResponse({ type: AuditAccessPageDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming each bad field' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED for every role but admin and system' })
  async list(@Query() query: AuditAccessQueryDto): Promise<AuditAccessPageDto> {
    const page = await this.accessLog.list(historyFilterOf(query), query.cursor, pageSizeOf(query));
    return { entries: page.events.map(auditAccessEntryDto), nextCursor: page.nextCursor };
  }
}
