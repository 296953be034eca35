import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsDecimalInRange, IsInstant } from '../history/query-validators.ts';
import { CLIENT_ID, CLIENT_ID_MESSAGE } from '../commands/command-dto.ts';

const MAX_POSITION = 2n ** 63n - 1n;

/** `?at=` or `?position=`: exactly one (checked by the service, which names the field). */
export class AsOfQueryDto {
  @ApiPropertyOptional({
    description: 'The state as of this instant: every event recorded at or before it (ISO 8601 with a zone)',
    example: '2017-03-31T23:59:59+09:00',
  })
  @IsOptional()
  @IsInstant()
  readonly at?: string;

  @ApiPropertyOptional({
    description: 'The state as of this global position: every event at or before it (a decimal string)',
    example: '123456789',
  })
  @IsOptional()
  @IsDecimalInRange(1n, MAX_POSITION, 'a global position')
  readonly position?: string;
}

export class RecipientTimelineParamsDto {
  @ApiProperty({ example: 'hosp-1' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly recipientId!: string;

  @ApiProperty({ example: 'transition-support' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly programId!: string;
}
