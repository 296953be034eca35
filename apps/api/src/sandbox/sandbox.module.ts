import { Module } from '@nestjs/common';
import { WorkflowModule } from '#workflow';
import { SandboxController } from './sandbox.controller.ts';
import { SandboxService } from './sandbox.service.ts';

/** Imported by the app only when the configuration says sandbox (npm run demo). */
@Module({
  imports: [WorkflowModule],
  controllers: [SandboxController],
  providers: [SandboxService],
  exports: [SandboxService],
})
export class SandboxModule {}
