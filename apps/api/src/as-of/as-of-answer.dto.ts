import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Response classes for OpenAPI: what the console reads of the as-of answers. The states hold more
// (the whole replayed state); these name the fields a client may rely on.

export class AsOfPointDto {
  @ApiPropertyOptional({ description: 'The instant asked for', example: '2017-03-31T23:59:59+09:00' })
  readonly at?: string;

  @ApiPropertyOptional({ description: 'The global position asked for (decimal string)', example: '4194305' })
  readonly position?: string;
}

export class ReplayedUpToDto {
  @ApiProperty({ description: 'Global position of the last event replayed (decimal string)' })
  readonly position!: string;

  @ApiProperty({ description: 'When it was recorded (UTC, ISO 8601)' })
  readonly recordedAt!: string;

  @ApiProperty({ example: 'ApplicationSubmitted' })
  readonly type!: string;

  @ApiProperty({ example: 'application-2026-0001' })
  readonly streamId!: string;

  @ApiProperty({ example: 1 })
  readonly revision!: number;
}

export class AsOfRequestedDto {
  @ApiProperty({ type: Number, nullable: true, description: 'The amount requested (yen)' })
  readonly amount!: number | null;
}

export class AsOfAmountDecisionDto {
  @ApiProperty({ description: 'The amount decided (yen), with its trace beside it' })
  readonly amount!: number;

  @ApiPropertyOptional({ example: '10/10' })
  readonly subsidyRate?: string;
}

export class AsOfAmountsDto {
  @ApiProperty({ type: AsOfRequestedDto })
  readonly requested!: AsOfRequestedDto;

  @ApiProperty({ type: AsOfAmountDecisionDto, nullable: true, description: '交付決定 (or the last change)' })
  readonly granted!: AsOfAmountDecisionDto | null;

  @ApiProperty({ type: AsOfAmountDecisionDto, nullable: true, description: '額の確定' })
  readonly confirmed!: AsOfAmountDecisionDto | null;

  @ApiProperty({ description: 'Paid so far (yen)' })
  readonly paid!: number;
}

export class ApplicationAsOfStateDto {
  @ApiProperty({ example: 'application-2026-0001' })
  readonly applicationId!: string;

  @ApiProperty({ description: 'The stage as it stood', example: 'Submitted' })
  readonly stage!: string;

  @ApiProperty({ description: 'The commands it allowed then', type: [String] })
  readonly allowedCommands!: string[];

  @ApiProperty({ description: 'Revision of the last event folded' })
  readonly revision!: number;

  @ApiProperty({ type: AsOfAmountsDto })
  readonly amounts!: AsOfAmountsDto;
}

export class ApplicationAsOfDto {
  @ApiProperty({ type: AsOfPointDto })
  readonly asOf!: AsOfPointDto;

  @ApiProperty({ type: ReplayedUpToDto })
  readonly upTo!: ReplayedUpToDto;

  @ApiProperty({ type: ApplicationAsOfStateDto })
  readonly state!: ApplicationAsOfStateDto;
}

export class TimelineAsOfApplicationDto {
  @ApiProperty()
  readonly applicationId!: string;

  @ApiProperty()
  readonly menuId!: string;

  @ApiProperty()
  readonly programYear!: number;

  @ApiProperty({ example: 'GrantDecided' })
  readonly stage!: string;

  @ApiPropertyOptional({ description: 'Granted (yen)' })
  readonly grantedAmount?: number;

  @ApiProperty({ description: 'Paid (yen)' })
  readonly paid!: number;
}

export class TimelineAsOfYearDto {
  @ApiProperty({ example: 2016 })
  readonly fiscalYear!: number;

  @ApiPropertyOptional({ description: '補助何年目' })
  readonly programYear?: number;

  @ApiProperty({ type: [TimelineAsOfApplicationDto] })
  readonly applications!: TimelineAsOfApplicationDto[];
}

export class RecipientTimelineAsOfStateDto {
  @ApiProperty()
  readonly recipientId!: string;

  @ApiProperty()
  readonly programId!: string;

  @ApiProperty({ type: [TimelineAsOfYearDto] })
  readonly years!: TimelineAsOfYearDto[];
}

export class RecipientTimelineAsOfDto {
  @ApiProperty({ type: AsOfPointDto })
  readonly asOf!: AsOfPointDto;

  @ApiProperty({ type: ReplayedUpToDto })
  readonly upTo!: ReplayedUpToDto;

  @ApiProperty({ type: RecipientTimelineAsOfStateDto })
  readonly state!: RecipientTimelineAsOfStateDto;
}

export class DesignatedAsOfDto {
  @ApiProperty()
  readonly institutionId!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty()
  readonly municipalityCode!: string;

  @ApiProperty({ description: 'YYYY-MM-DD' })
  readonly designatedOn!: string;
}

export class RevokedAsOfDto {
  @ApiProperty()
  readonly institutionId!: string;

  @ApiProperty()
  readonly name!: string;
}

export class DesignationRoundAsOfStateDto {
  @ApiProperty()
  readonly fiscalYear!: number;

  @ApiProperty({ type: [DesignatedAsOfDto], description: 'Designated then, revocations applied' })
  readonly designatedInstitutions!: DesignatedAsOfDto[];

  @ApiProperty({ type: [RevokedAsOfDto] })
  readonly revokedInstitutions!: RevokedAsOfDto[];
}

export class DesignationRoundAsOfDto {
  @ApiProperty({ type: AsOfPointDto })
  readonly asOf!: AsOfPointDto;

  @ApiProperty({ type: ReplayedUpToDto })
  readonly upTo!: ReplayedUpToDto;

  @ApiProperty({ type: DesignationRoundAsOfStateDto })
  readonly state!: DesignationRoundAsOfStateDto;
}
