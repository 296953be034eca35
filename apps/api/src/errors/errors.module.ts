import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DomainExceptionFilter } from './domain-exception.filter.ts';
import { EventStoreExceptionFilter } from './event-store-exception.filter.ts';
import { HttpExceptionFilter } from './http-exception.filter.ts';

/**
 * Global filters: DomainError and EventStoreError to HTTP by code; HttpExceptions in Nest's shape. All
 * three answer through sendErrorResponse (the error-answer hook of the security log).
 */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_FILTER, useClass: EventStoreExceptionFilter },
    { provide: APP_FILTER, useClass: DomainExceptionFilter },
  ],
})
export class ErrorsModule {}
