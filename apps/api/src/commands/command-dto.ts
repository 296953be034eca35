import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '../validation/is-omittable.ts';

/** Ids chosen by callers (case, payment, offering…): they end up in stream ids and event data. */
export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const CLIENT_ID_MESSAGE =
  '$property must be 1–64 ASCII letters, digits, ".", "_" or "-", starting alphanumeric';
export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A body with nothing but an optional reason (recorded with the event). */
export class ReasonDto {
  @ApiPropertyOptional({
    description: 'Why (recorded with the event)',
    example: '書類確認済み',
    minLength: 1,
    maxLength: 2000,
  })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  readonly reason?: string;
}

/** A body whose step the rules require a reason for (取下げ, 不交付, 補正, 変更の決定, 返還). */
export class RequiredReasonDto {
  @ApiProperty({
    description: 'Why: required for this step, recorded with the event',
    example: '要件を満たさない',
    minLength: 1,
    maxLength: 2000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  readonly reason!: string;
}

/** What every command answers: where the stream stands after it. */
export class CommandResponseDto {
  @ApiProperty({ description: 'Stage after the command', example: 'Submitted' })
  readonly stage!: string;

  @ApiProperty({ description: 'Commands the stage allows now', type: [String] })
  readonly allowedCommands!: readonly string[];

  @ApiProperty({
    description:
      'Global position of the last event written, a decimal string: pass it as `?waitForPosition=` to read-model queries',
    example: '4398046511105',
  })
  readonly position!: string;

  @ApiProperty({ description: "Revision of the stream's last event", example: 3 })
  readonly revision!: number | 'no_stream';

  @ApiProperty({
    description: 'Types of the events written (none for a repeat that records nothing)',
    type: [String],
  })
  readonly events!: readonly string[];
}

export class ApplicationCommandResponseDto extends CommandResponseDto {
  @ApiProperty({ example: '2016-hosp-1-staffing' })
  readonly applicationId!: string;
}

export class TrainingCommandResponseDto extends CommandResponseDto {
  @ApiProperty({ example: 'common-2015' })
  readonly offeringId!: string;
}

/**
 * A validated DTO as plain JSON data for a command: class instances and properties left undefined
 * (class fields) would be refused by the event store as event data.
 */
export function plainData<T>(dto: object): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
