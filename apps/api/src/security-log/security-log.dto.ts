import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { HistoryFormat, RecordedEvent } from '#event-store';
import { ActorWindowQueryDto, PageQueryDto } from '../history/history-query.dto.ts';
import { asList, parseInstant } from '../history/query-validators.ts';
import type { Refusal, SecurityLogFilter } from './security-log.ts';

const CODE = /^[A-Z][A-Z0-9_]*$/;
/** A command name (DecideGrant) or a route as recorded (`POST /applications/:applicationId/grant`). */
const COMMAND = /^[\x21-\x7e]+(?: [\x21-\x7e]+)?$/;

/** `actorId` is who was refused; `from` / `to` when. */
export class SecurityLogFilterQueryDto extends ActorWindowQueryDto {
  @ApiPropertyOptional({
    description: 'Only these refusal codes; repeat the parameter for several (`?code=A&code=B`)',
    type: [String],
    example: ['FOUR_EYES_VIOLATION'],
  })
  @IsOptional()
  @Transform(asList)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(CODE, { each: true, message: 'each code must be an UPPER_SNAKE_CASE error code' })
  readonly code?: string[];

  @ApiPropertyOptional({
    description:
      'Only refusals of this domain command (e.g. DecideGrant) or route as recorded ' +
      '(e.g. `POST /applications/:applicationId/grant`)',
    example: 'DecideGrant',
  })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @Matches(COMMAND, {
    message: 'must be a command name, or a method, one space and a route path (printable ASCII)',
  })
  readonly command?: string;
}

export class SecurityLogQueryDto extends IntersectionType(SecurityLogFilterQueryDto, PageQueryDto) {}

export class SecurityLogExportQueryDto extends SecurityLogFilterQueryDto {
  @ApiProperty({
    enum: ['csv', 'jsonl'],
    description: 'csv: UTF-8 with BOM, Japanese headers (Excel); jsonl: one entry per line',
  })
  @IsIn(['csv', 'jsonl'])
  readonly format!: HistoryFormat;
}

export function securityLogFilterOf(query: SecurityLogFilterQueryDto): SecurityLogFilter {
  return {
    ...(query.from === undefined ? {} : { from: parseInstant(query.from)! }),
    ...(query.to === undefined ? {} : { to: parseInstant(query.to)! }),
    ...(query.actorId === undefined ? {} : { actorId: query.actorId }),
    ...(query.code === undefined ? {} : { codes: query.code }),
    ...(query.command === undefined ? {} : { command: query.command }),
  };
}

export class SecurityLogEntryDto {
  @ApiProperty({ description: 'Position of the entry in the event log (decimal string)', example: '4194305' })
  readonly position!: string;

  @ApiProperty({ description: 'Id of its RequestRefused event (UUID v7)' })
  readonly eventId!: string;

  @ApiProperty({ description: 'When the request was refused (the server clock; UTC, ISO 8601)' })
  readonly at!: string;

  @ApiProperty({ description: 'Who was refused (token sub; "anonymous" without an accepted token)' })
  readonly actorId!: string;

  @ApiProperty({ description: 'Their role ("anonymous" without an accepted token)', example: 'approver' })
  readonly actorRole!: string;

  @ApiPropertyOptional({ description: 'Their municipality (role municipality)', example: '131016' })
  readonly municipalityCode?: string;

  @ApiPropertyOptional({ description: 'Their institution (role institution)' })
  readonly institutionId?: string;

  @ApiProperty({
    description:
      'Why: FOUR_EYES_VIOLATION, OUT_OF_SCOPE, ROLE_NOT_ALLOWED, READ_ONLY_ROLE, a 401 token code ' +
      '(MISSING_TOKEN, INVALID_SIGNATURE, TOKEN_EXPIRED…) or another 403 code',
    example: 'FOUR_EYES_VIOLATION',
  })
  readonly code!: string;

  @ApiProperty({ description: 'The HTTP status answered (404 for a case outside the scope)', example: 403 })
  readonly status!: number;

  @ApiPropertyOptional({
    description: 'The domain command refused, when a rule refused it',
    example: 'DecideGrant',
  })
  readonly command?: string;

  @ApiProperty({ description: 'Method and route', example: 'POST /applications/:applicationId/grant' })
  readonly route!: string;

  @ApiProperty({ description: 'The path requested (no query)', example: '/applications/2026-0001/grant' })
  readonly path!: string;

  @ApiProperty({
    description: 'The stream the command was for when known, else the path',
    example: 'application-2026-0001',
  })
  readonly target!: string;

  @ApiProperty({ description: 'The request (X-Request-Id, echoed in its response)' })
  readonly requestId!: string;

  @ApiPropertyOptional({ description: 'The message of the refusal as answered' })
  readonly message?: string;

  @ApiPropertyOptional({ description: 'true: an Idempotency-Key replay of a refusal stored earlier' })
  readonly replayed?: boolean;
}

export class SecurityLogPageDto {
  @ApiProperty({ type: [SecurityLogEntryDto], description: 'Oldest first' })
  readonly entries!: SecurityLogEntryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null at the end',
  })
  readonly nextCursor!: string | null;
}

export function securityLogEntryDto(event: RecordedEvent): SecurityLogEntryDto {
  const refusal = event.data as Refusal;
  const { actorId, actorRole, correlationId, requestId } = event.metadata;
  return {
    position: event.position.toString(),
    eventId: event.id,
    at: refusal.at,
    actorId,
    actorRole,
    ...(refusal.municipalityCode === undefined ? {} : { municipalityCode: refusal.municipalityCode }),
    ...(refusal.institutionId === undefined ? {} : { institutionId: refusal.institutionId }),
    code: refusal.code,
    status: refusal.status,
    ...(refusal.command === undefined ? {} : { command: refusal.command }),
    route: refusal.route,
    path: refusal.path,
    target: refusal.target,
    requestId: requestId ?? correlationId,
    ...(refusal.message === undefined ? {} : { message: refusal.message }),
    ...(refusal.replayed === undefined ? {} : { replayed: refusal.replayed }),
  };
}
