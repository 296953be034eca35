import { Module } from '@nestjs/common';
import { WorkflowModule } from '#workflow';
import { TrainingsController } from './trainings.controller.ts';

/** /trainings: offerings, enrolment, attendance, completion, and an institution's training duties. */
@Module({
  imports: [WorkflowModule],
  controllers: [TrainingsController],
})
export class TrainingsModule {}
