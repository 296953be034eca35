import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import type { RecordedEvent } from '#event-store';
import { ActorWindowQueryDto, PageQueryDto } from '../history/history-query.dto.ts';
import type { AccessEventType, AsOfAccess, HistoryAccess } from './audit-access-log.ts';

/** `actorId` is who accessed the history; `from` / `to` when. */
export class AuditAccessQueryDto extends IntersectionType(ActorWindowQueryDto, PageQueryDto) {}

export class AuditAccessEntryDto {
  @ApiProperty({
    description: 'Position of the record in the event log (decimal string)',
    example: '4194305',
  })
  readonly position!: string;

  @ApiProperty({ description: 'When the access happened (UTC, ISO 8601)' })
  readonly recordedAt!: string;

  @ApiProperty({ enum: ['HistoryQueried', 'HistoryExportStarted', 'HistoryExportFinished', 'AsOfQueried'] })
  readonly type!: AccessEventType;

  @ApiProperty({ description: 'Who (token sub)', example: 'audit-0001' })
  readonly actorId!: string;

  @ApiProperty({ example: 'auditor' })
  readonly actorRole!: string;

  @ApiProperty({ description: 'The request (X-Request-Id, echoed in its response)' })
  readonly requestId!: string;

  @ApiPropertyOptional({ description: 'HistoryExportFinished: the id of its HistoryExportStarted record' })
  readonly causationId?: string;

  @ApiProperty({
    description:
      'What was read. History: scope (stream, category, log), streamId or category, filters, cursor and ' +
      'limit or format, and returned (events returned or exported), nextCursor, found, completed. ' +
      'As-of (AsOfQueried): scope "asOf", resource (application, recipientTimeline, designationRound), id, ' +
      'at or position, found, upToPosition (the last event replayed)',
    type: 'object',
    additionalProperties: true,
  })
  readonly access!: HistoryAccess | AsOfAccess;
}

export class AuditAccessPageDto {
  @ApiProperty({ type: [AuditAccessEntryDto], description: 'Oldest first' })
  readonly entries!: AuditAccessEntryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null at the end',
  })
  readonly nextCursor!: string | null;
}

export function auditAccessEntryDto(event: RecordedEvent): AuditAccessEntryDto {
  const { actorId, actorRole, correlationId, requestId, causationId } = event.metadata;
  return {
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    type: event.type as AccessEventType,
    actorId,
    actorRole,
    requestId: requestId ?? correlationId,
    ...(causationId === undefined ? {} : { causationId }),
    access: event.data as HistoryAccess | AsOfAccess,
  };
}
