import { Module } from '@nestjs/common';
import { AuditVerificationController } from './audit-verification.controller.ts';
import { AuditVerificationService } from './audit-verification.service.ts';

/** GET /audit/verification: `audit verify` of bounded cost and the newest signed checkpoint. */
@Module({
  controllers: [AuditVerificationController],
  providers: [AuditVerificationService],
})
export class AuditVerificationModule {}
