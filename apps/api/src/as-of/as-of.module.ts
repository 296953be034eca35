import { Module } from '@nestjs/common';
import { WorkflowModule } from '#workflow';
import { AuditLogModule } from '../audit-log/audit-log.module.ts';
import { AsOfController } from './as-of.controller.ts';
import { AsOfService } from './as-of.service.ts';

/** GET /as-of/…: states replayed from the log up to an instant or a position, each read recorded. */
@Module({
  imports: [AuditLogModule, WorkflowModule],
  controllers: [AsOfController],
  providers: [AsOfService],
})
export class AsOfModule {}
