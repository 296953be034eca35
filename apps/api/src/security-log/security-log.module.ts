import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuditLogModule } from '../audit-log/audit-log.module.ts';
import { RefusalRecorder } from './refusal-recorder.ts';
import { SecurityLogController } from './security-log.controller.ts';
import { SecurityLogMiddleware } from './security-log.middleware.ts';
import { SecurityLogService } from './security-log.service.ts';
import { SecurityLog } from './security-log.ts';

/**
 * The security log: every refused request recorded (through the errors' answer hook, set up on every
 * request by SecurityLogMiddleware), and its routes for auditors. Needs InfrastructureModule.
 */
@Module({
  imports: [AuditLogModule],
  controllers: [SecurityLogController],
  providers: [SecurityLog, RefusalRecorder, SecurityLogService],
  exports: [SecurityLog],
})
export class SecurityLogModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SecurityLogMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
