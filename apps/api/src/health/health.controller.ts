import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthChecker, type HealthReport } from '#platform';
import { HealthReportDto } from './health-report.dto.ts';

/** The part of the HTTP response the controller touches (Express's Response, without its types). */
interface StatusSettable {
  status(code: number): unknown;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthChecker) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Reachability of the event store, the read database and Redis (稼働状況)' })
  @ApiOkResponse({ type: HealthReportDto, description: 'Every dependency is up' })
  @ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'At least one dependency is down' })
  async check(@Res({ passthrough: true }) response: StatusSettable): Promise<HealthReport> {
    const report = await this.health.check();
    // 503 lets load balancers and compose health checks act on the status code alone.
    response.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
