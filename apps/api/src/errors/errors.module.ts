import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DomainExceptionFilter } from './domain-exception.filter.ts';
import { EventStoreExceptionFilter } from './event-store-exception.filter.ts';

/** Global filters: DomainError and EventStoreError to HTTP by code; HttpExceptions stay Nest's. */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: EventStoreExceptionFilter },
    { provide: APP_FILTER, useClass: DomainExceptionFilter },
  ],
})
export class ErrorsModule {}
