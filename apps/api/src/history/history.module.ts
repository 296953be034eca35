import { Module } from '@nestjs/common';
import { AuditLogModule } from '../audit-log/audit-log.module.ts';
import { HistoryController } from './history.controller.ts';
import { HistoryService } from './history.service.ts';

/** GET /history…: pages and exports of the event history, each recorded in the access log. */
@Module({
  imports: [AuditLogModule],
  controllers: [HistoryController],
  providers: [HistoryService],
})
export class HistoryModule {}
