import { Module } from '@nestjs/common';
import { WorkflowModule } from '#workflow';
import { ApplicationsController } from './applications.controller.ts';

/** /applications: the application lifecycle's commands and the case folded from its stream. */
@Module({
  imports: [WorkflowModule],
  controllers: [ApplicationsController],
})
export class ApplicationsModule {}
