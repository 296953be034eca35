import { Module } from '@nestjs/common';
import { WorkflowModule } from '#workflow';
import { BudgetsController } from './budgets.controller.ts';
import { ProgramApplicationsController } from './program-applications.controller.ts';
import { RecipientTimelinesController } from './recipient-timelines.controller.ts';
import { ReadYourWrites } from './read-your-writes.ts';
import { TrainingCompletionsController } from './training-completions.controller.ts';
import { TrainingOfferingsController } from './training-offerings.controller.ts';
import { WorkQueueController } from './work-queue.controller.ts';

/**
 * The read side of the subsidy procedure: the work queue, a programme year's applications, recipient
 * timelines, training offerings and completions and budgets, each waiting for `?afterPosition=` (read your own
 * writes); and setting budgets.
 */
@Module({
  imports: [WorkflowModule],
  controllers: [
    WorkQueueController,
    ProgramApplicationsController,
    RecipientTimelinesController,
    BudgetsController,
    TrainingCompletionsController,
    TrainingOfferingsController,
  ],
  providers: [ReadYourWrites],
})
export class ReadModelsModule {}
