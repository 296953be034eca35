import { Controller, Get } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.ts';
import { AuditVerificationDto } from './audit-verification.dto.ts';
import { AuditVerificationService } from './audit-verification.service.ts';

/** 監査: the tamper-evidence check and the newest signed checkpoint, for auditors (and admin, system). */
@ApiTags('audit')
@Controller('audit')
export class AuditVerificationController {
  constructor(private readonly verifier: AuditVerificationService) {}

  @Get('verification')
  @Roles('auditor')
  @ApiOperation({
    summary: 'Verify the log from the newest signed checkpoint, and show that checkpoint',
    description:
      'Bounded cost: the newest signed checkpoint (signature by the trusted key, its link to the one ' +
      'before, the stream heads it signed) and the hash chain of every event after it, at most 10,000 ' +
      '(`complete: false` past that). Everything before the checkpoint is covered by its signature; the ' +
      'whole log is verified by `npm run cli -- audit verify`.',
  })
  @ApiOkResponse({ type: AuditVerificationDto })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED for every role but auditor, admin and system' })
  verification(): Promise<AuditVerificationDto> {
    return this.verifier.verify();
  }
}
