import type { ServerResponse } from 'node:http';
import { applyDecorators, Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { Roles } from '../auth/access.decorators.ts';
import { HistoryPageDto } from './history-page.dto.ts';
import {
  CategoryParamsDto,
  HistoryExportQueryDto,
  HistoryPageQueryDto,
  StreamParamsDto,
} from './history-query.dto.ts';
import { HistoryService } from './history.service.ts';

const RECORDED =
  'Every call is recorded in the access log (who, what, filters, how many events), before any data is returned.';

function PageDocs(summary: string): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary,
      description: `Oldest first, paginated by \`cursor\` / \`nextCursor\`. ${RECORDED}`,
    }),
    ApiOkResponse({ type: HistoryPageDto }),
    ApiBadRequestResponse({
      description: 'VALIDATION_FAILED naming each bad field (from, to, limit, cursor, type…)',
    }),
    ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED' }),
  );
}

function ExportDocs(summary: string): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary,
      description:
        'The whole filtered history, streamed (constant memory, paced by the client). csv: UTF-8 with BOM and ' +
        `CRLF, Japanese headers, formula-safe cells, JST times; jsonl: one event per line. ${RECORDED} ` +
        'A transfer cut off before its end (chunked encoding without its last chunk) is not a complete export.',
    }),
    ApiProduces('text/csv', 'application/x-ndjson'),
    ApiOkResponse({
      description: 'An attachment (Content-Disposition) named after the history and the time of export',
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/x-ndjson': { schema: { type: 'string' } },
      },
    }),
    ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming each bad field (format, from, to…)' }),
    ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED' }),
  );
}

/**
 * 監査 (auditors) replay the history. One stream (a case) is also open to caseworkers and approvers,
 * who see every municipality anyway; categories and the whole log are for auditors (and admin, system).
 */
@ApiTags('history')
@Controller('history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get('streams/:streamId')
  @Roles('auditor', 'caseworker', 'approver')
  @PageDocs('The events of one stream (a case), by revision')
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such stream' })
  stream(
    @Param() params: StreamParamsDto,
    @Query() query: HistoryPageQueryDto,
    @CurrentRequest() context: RequestContext,
  ): Promise<HistoryPageDto> {
    return this.history.page(context, { kind: 'stream', streamId: params.streamId }, query);
  }

  @Get('streams/:streamId/export')
  @Roles('auditor', 'caseworker', 'approver')
  @ExportDocs('Export one stream as CSV or JSON Lines')
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such stream' })
  exportStream(
    @Param() params: StreamParamsDto,
    @Query() query: HistoryExportQueryDto,
    @CurrentRequest() context: RequestContext,
    @Res() response: ServerResponse,
  ): Promise<void> {
    return this.history.export(context, { kind: 'stream', streamId: params.streamId }, query, response);
  }

  @Get('categories/:category')
  @Roles('auditor')
  @PageDocs('The events of every stream of a category (e.g. application), in log order')
  category(
    @Param() params: CategoryParamsDto,
    @Query() query: HistoryPageQueryDto,
    @CurrentRequest() context: RequestContext,
  ): Promise<HistoryPageDto> {
    return this.history.page(context, { kind: 'category', category: params.category }, query);
  }

  @Get('categories/:category/export')
  @Roles('auditor')
  @ExportDocs('Export a category as CSV or JSON Lines')
  exportCategory(
    @Param() params: CategoryParamsDto,
    @Query() query: HistoryExportQueryDto,
    @CurrentRequest() context: RequestContext,
    @Res() response: ServerResponse,
  ): Promise<void> {
    return this.history.export(context, { kind: 'category', category: params.category }, query, response);
  }

  @Get()
  @Roles('auditor')
  @PageDocs('The whole log, in log order')
  log(
    @Query() query: HistoryPageQueryDto,
    @CurrentRequest() context: RequestContext,
  ): Promise<HistoryPageDto> {
    return this.history.page(context, { kind: 'log' }, query);
  }

  @Get('export')
  @Roles('auditor')
  @ExportDocs('Export the whole log as CSV or JSON Lines')
  exportLog(
    @Query() query: HistoryExportQueryDto,
    @CurrentRequest() context: RequestContext,
    @Res() response: ServerResponse,
  ): Promise<void> {
    return this.history.export(context, { kind: 'log' }, query, response);
  }
}
