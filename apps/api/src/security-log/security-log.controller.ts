import type { ServerResponse } from 'node:http';
import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { Roles } from '../auth/access.decorators.ts';
import { SecurityLogExportQueryDto, SecurityLogPageDto, SecurityLogQueryDto } from './security-log.dto.ts';
import { SecurityLogService } from './security-log.service.ts';

const RECORDED = 'Every call is recorded in the auditor access log (a read of the category `security`).';

/** The security log: every refused request. Auditors (and admin, system) only. */
@ApiTags('security-log')
@Controller('security-log')
@Roles('auditor')
@ApiUnauthorizedResponse({ description: 'MISSING_TOKEN, INVALID_SIGNATURE, TOKEN_EXPIRED… (and recorded)' })
@ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED for every role but auditor, admin and system' })
export class SecurityLogController {
  constructor(private readonly securityLog: SecurityLogService) {}

  @Get()
  @ApiOperation({
    summary: 'Refused requests: who, role, scope, command or route, target, code, status, when, request id',
    description: `Oldest first, paginated by \`cursor\` / \`nextCursor\`. ${RECORDED}`,
  })
  @ApiOkResponse({ type: SecurityLogPageDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED naming each bad field (from, to, actorId, code, command, cursor, limit)',
  })
  list(
    @Query() query: SecurityLogQueryDto,
    @CurrentRequest() context: RequestContext,
  ): Promise<SecurityLogPageDto> {
    return this.securityLog.page(context, query);
  }

  @Get('export')
  @ApiOperation({
    summary: 'Export the refused requests as CSV or JSON Lines',
    description:
      'The whole filtered log, streamed. csv: UTF-8 with BOM and CRLF, Japanese headers, formula-safe ' +
      `cells, JST times; jsonl: one entry per line with its event hash. ${RECORDED}`,
  })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({
    description: 'An attachment (Content-Disposition) named after the time of export',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/x-ndjson': { schema: { type: 'string' } },
    },
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming each bad field (format, from, to, code…)' })
  export(
    @Query() query: SecurityLogExportQueryDto,
    @CurrentRequest() context: RequestContext,
    @Res() response: ServerResponse,
  ): Promise<void> {
    return this.securityLog.export(context, query, response);
  }
}
