import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.ts';
import { SandboxClockDto } from './sandbox-clock.dto.ts';
import { SandboxService, type SandboxAdvance } from './sandbox.service.ts';
import type { SandboxStatus } from './sandbox-time.ts';

/** Only in the sandbox (npm run demo): its virtual date, and moving it forward. */
@ApiTags('sandbox')
@Controller('sandbox')
export class SandboxController {
  constructor(private readonly sandbox: SandboxService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The sandbox and its virtual date (サンドボックスの日付)' })
  status(): SandboxStatus {
    return this.sandbox.status();
  }

  /** No @Roles: admin (and system) only. */
  @Post('clock')
  @ApiOperation({
    summary: 'Moves the sandbox date forward; the scheduled jobs run for every day passed (admin)',
  })
  advance(@Body() body: SandboxClockDto): Promise<SandboxAdvance> {
    return this.sandbox.advanceTo(body.date);
  }
}
