import { Module } from '@nestjs/common';

/**
 * Where the worker's subscriptions (projectors on CatchUpSubscription) and BullMQ jobs (fiscal-year
 * rollover, the annual recommendation → designation cycle) will be registered. Empty on purpose until
 * the first projection and job exist: the worker already boots, connects and shuts down cleanly.
 */
@Module({})
export class ProcessingModule {}
