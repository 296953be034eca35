import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DependencyCheck, HealthReport } from '#platform';

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

export class HealthReportDto implements HealthReport {
  @ApiProperty({
    enum: ['ok', 'degraded'],
    description: '"ok" only when every dependency is up and every expected job schedule is in Redis',
  })
  readonly status!: 'ok' | 'degraded';

  @ApiProperty({ type: HealthChecksDto })
  readonly checks!: HealthChecksDto;

  @ApiProperty({ type: JobsHealthDto })
  readonly jobs!: JobsHealthDto;
}
