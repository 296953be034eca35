import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecordedEvent } from '#event-store';

// Response classes for OpenAPI; the values are plain objects made by historyEventDto.

export class EventMetadataDto {
  @ApiProperty({ description: 'Pseudonymous id of who caused the event (token sub)', example: 'staff-0001' })
  readonly actorId!: string;

  @ApiProperty({ description: 'Their role at the time', example: 'caseworker' })
  readonly actorRole!: string;

  @ApiProperty({ description: 'Shared by every event of one request or job run' })
  readonly correlationId!: string;

  @ApiPropertyOptional({ description: 'The command or event that directly caused this one' })
  readonly causationId?: string;

  @ApiPropertyOptional({ description: 'Why, as given by the actor', example: '書類不備のため補正依頼' })
  readonly reason?: string;

  @ApiPropertyOptional({ description: 'The HTTP request that caused it' })
  readonly requestId?: string;
}

export class HistoryEventDto {
  @ApiProperty({ description: 'Event id (UUID v7)' })
  readonly id!: string;

  @ApiProperty({ example: 'application-2026-0001' })
  readonly streamId!: string;

  @ApiProperty({ description: 'Place in its stream, from 0', example: 0 })
  readonly revision!: number;

  @ApiProperty({
    description: 'Place in the whole log: a 64-bit integer as a decimal string (it exceeds 2^53)',
    example: '4194305',
  })
  readonly position!: string;

  @ApiProperty({ example: 'ApplicationSubmitted' })
  readonly type!: string;

  @ApiProperty({ description: 'Version of the data shape', example: 1 })
  readonly schemaVersion!: number;

  @ApiProperty({
    description: 'The event data as recorded (JSON)',
    type: 'object',
    additionalProperties: true,
  })
  readonly data!: unknown;

  @ApiProperty({ type: EventMetadataDto })
  readonly metadata!: EventMetadataDto;

  @ApiProperty({ description: 'When it was recorded (UTC, ISO 8601)', example: '2026-04-01T00:30:00.000Z' })
  readonly recordedAt!: string;

  @ApiProperty({ description: 'SHA-256 chaining this event to the previous one of its stream (hex)' })
  readonly hash!: string;
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEventDto], description: 'Oldest first' })
  readonly events!: HistoryEventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Pass as `cursor` for the next page; null when the history has been read to its end. A page may hold ' +
      'fewer events than `limit` (even none) and still have a next one: a filtered read examines at most ' +
      '10,000 events per request.',
  })
  readonly nextCursor!: string | null;
}

export function historyEventDto(event: RecordedEvent): HistoryEventDto {
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
    hash: event.hash,
  };
}
