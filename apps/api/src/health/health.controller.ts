import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import {
  APP_CONFIG,
  CLOCK,
  HealthChecker,
  healthReport,
  servesTraffic,
  type Clock,
  type HealthReport,
  type RuntimeConfig,
} from '#platform';
import { sandboxStatus, type SandboxStatus } from '../sandbox/sandbox-time.ts';
import { JobQueue, type JobsHealth } from '../admin-queues/job-queue.provider.ts';
import { Public } from '../auth/access.decorators.ts';
import { HealthReportDto } from './health-report.dto.ts';

/** The part of the HTTP response the controller touches (Express's Response, without its types). */
interface StatusSettable {
  status(code: number): unknown;
}

@ApiTags('operations')
@Public() // load balancers and compose health checks have no token
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthChecker,
    private readonly indicators: HealthIndicatorService,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Reachability of the event store, the read database and Redis (稼働状況); the job scheduler and its failed runs',
  })
  @ApiOkResponse({
    type: HealthReportDto,
    description: 'Every dependency is up ("degraded" all the same while a job schedule is missing)',
  })
  @ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'At least one dependency is down' })
  async check(
    @Res({ passthrough: true }) response: StatusSettable,
  ): Promise<HealthReport & { jobs: JobsHealth; sandbox?: SandboxStatus }> {
    const jobs = this.jobs.health();
    const result = await this.health.run([async () => this.jobsIndicator(await jobs)]);
    // 503 lets load balancers and compose health checks act on the status code alone.
    response.status(servesTraffic(result) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    // Terminus's own body (status, info, error, details) is not what clients of /health read: the
    // report keeps its shape (HealthReportDto), built from terminus's details.
    return {
      ...healthReport(result),
      jobs: await jobs,
      ...(this.config.sandbox ? { sandbox: sandboxStatus(this.clock.now()) } : {}),
    };
  }

  /**
   * A missing job schedule degrades the report but not the status code: the api still serves (the
   * worker registers the schedules again). Failed runs are work for an admin (/admin/queues). The
   * sandbox has no schedules (its jobs run as its clock moves) and says so, with its virtual date.
   */
  private jobsIndicator(jobs: JobsHealth): HealthIndicatorResult {
    const indicator = this.indicators.check('jobs');
    const schedulesMissing = !this.config.sandbox && (jobs.missingSchedules?.length ?? 0) > 0;
    return schedulesMissing ? indicator.degraded({ ...jobs }) : indicator.up({ ...jobs });
  }
}
