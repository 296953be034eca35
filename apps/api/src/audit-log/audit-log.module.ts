import { Module } from '@nestjs/common';
import { AuditAccessController } from './audit-access.controller.ts';
import { AuditAccessLog } from './audit-access-log.ts';

/** The auditor access log (in the event store) and its admin route; needs InfrastructureModule. */
@Module({
  controllers: [AuditAccessController],
  providers: [AuditAccessLog],
  exports: [AuditAccessLog],
})
export class AuditLogModule {}
