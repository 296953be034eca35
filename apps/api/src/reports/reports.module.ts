import { Module } from '@nestjs/common';
import { WorkflowModule } from '#workflow';
import { AuditLogModule } from '../audit-log/audit-log.module.ts';
import { municipalitiesProvider } from '../designations/municipalities.provider.ts';
import { BudgetExecutionService } from './budget-execution.service.ts';
import { DesignationStatusService } from './designation-status.service.ts';
import { ReportsController } from './reports.controller.ts';

/** GET /reports/…: 予算執行 and 指定状況 as JSON, CSV, xlsx (and a chart), each figure with its source. */
@Module({
  imports: [AuditLogModule, WorkflowModule],
  controllers: [ReportsController],
  providers: [BudgetExecutionService, DesignationStatusService, municipalitiesProvider],
})
export class ReportsModule {}
