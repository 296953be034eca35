import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ReadableLagHolder } from '#event-store';
import type { DependencyCheck, HealthReport, ReadableLagReport } from '#platform';

// Classes only so that OpenAPI can describe the /health body; the values come from HealthChecker.

export class DependencyCheckDto implements DependencyCheck {
  @ApiProperty({ enum: ['up', 'down'] })
  readonly status!: 'up' | 'down';

  @ApiProperty({ description: 'Time the probe took, or until it was given up on (ms)', example: 1.7 })
  readonly latencyMs!: number;

  @ApiPropertyOptional({ description: 'Why the dependency is down', example: 'no answer within 1000 ms' })
  readonly error?: string;
}

export class HealthChecksDto {
  @ApiProperty({ type: DependencyCheckDto, description: 'The event store (PostgreSQL or KurrentDB)' })
  readonly eventStore!: DependencyCheckDto;

  @ApiProperty({ type: DependencyCheckDto, description: 'PostgreSQL holding the read models' })
  readonly readDatabase!: DependencyCheckDto;

  @ApiProperty({ type: DependencyCheckDto, description: 'Redis (BullMQ jobs)' })
  readonly redis!: DependencyCheckDto;
}

export class JobsHealthDto {
  @ApiProperty({
    enum: ['bullmq', 'in-process'],
    description: 'BullMQ when Redis answers, else the in-process fallback',
  })
  readonly scheduler!: 'bullmq' | 'in-process';

  @ApiProperty({
    nullable: true,
    description: 'Runs that spent their retries (see /admin/queues); null if unreadable',
  })
  readonly failedJobs!: number | null;

  @ApiProperty({
    type: [String],
    nullable: true,
    description:
      'Expected job schedules (BullMQ job schedulers) that Redis lacks; the worker registers them again. Null if unreadable',
    example: [],
  })
  readonly missingSchedules!: string[] | null;
}

export class ReadableLagHolderDto implements ReadableLagHolder {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Backend process id (pg_terminate_backend ends it)',
  })
  readonly pid!: number | null;

  @ApiProperty({ nullable: true, type: String, example: 'zaitaku' })
  readonly database!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'psql' })
  readonly applicationName!: string | null;

  @ApiProperty({ nullable: true, type: String })
  readonly user!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'idle in transaction' })
  readonly state!: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Seconds since its transaction began' })
  readonly transactionAgeSeconds!: number | null;

  @ApiProperty({ nullable: true, type: String, description: 'pg_stat_activity.backend_xid' })
  readonly backendXid!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'pg_stat_activity.backend_xmin' })
  readonly backendXmin!: string | null;
}

export class ReadableLagDto implements ReadableLagReport {
  @ApiProperty({
    enum: ['ok', 'lagging', 'unknown'],
    description: '"lagging" (the report is degraded) once the lag reaches thresholdSeconds',
  })
  readonly status!: 'ok' | 'lagging' | 'unknown';

  @ApiProperty({ description: 'Committed events that subscriptions and read models cannot read yet' })
  readonly events!: number;

  @ApiProperty({ description: 'Age of the oldest of them, in seconds' })
  readonly seconds!: number;

  @ApiProperty({ description: 'Newest committed position', example: '5111011524609' })
  readonly writtenHead!: string;

  @ApiProperty({ description: 'Newest position readAll can return', example: '5111011524609' })
  readonly readableHead!: string;

  @ApiProperty({ example: 30 })
  readonly thresholdSeconds!: number;

  @ApiPropertyOptional({
    type: ReadableLagHolderDto,
    description:
      'Past the threshold: the session whose open appending transaction holds the readable head back',
  })
  readonly holder?: ReadableLagHolderDto;

  @ApiPropertyOptional({ description: 'Why the lag could not be measured' })
  readonly error?: string;
}

export class HealthReportDto implements HealthReport {
  @ApiProperty({
    enum: ['ok', 'degraded'],
    description: '"ok" only when every dependency is up and every expected job schedule is in Redis',
  })
  readonly status!: 'ok' | 'degraded';

  @ApiProperty({ type: HealthChecksDto })
  readonly checks!: HealthChecksDto;

  @ApiPropertyOptional({
    type: ReadableLagDto,
    description:
      "How far the event store's readable head lags its written head (PostgreSQL event store only)",
  })
  readonly readableLag?: ReadableLagDto;

  @ApiProperty({ type: JobsHealthDto })
  readonly jobs!: JobsHealthDto;
}
