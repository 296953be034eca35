import { HttpException } from '@nestjs/common';
import { DomainError } from '#domain';
import { EventStoreError } from '#event-store';
import { domainErrorResponse } from './domain-error-http.ts';
import { eventStoreErrorResponse } from './event-store-exception.filter.ts';

export interface ErrorResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The status and body the global filters send for an error, or undefined for an unexpected one (a 500).
 * The idempotency interceptor records exactly this, so a replay is byte-for-byte the first answer.
 */
export function errorResponseOf(error: unknown): ErrorResponse | undefined {
  if (error instanceof DomainError) return domainErrorResponse(error);
  if (error instanceof EventStoreError) return eventStoreErrorResponse(error);
  if (error instanceof HttpException) {
    // What Nest's BaseExceptionFilter sends for an HttpException.
    const response = error.getResponse();
    const body =
      typeof response === 'object' && response !== null
        ? response
        : { statusCode: error.getStatus(), message: response };
    return { status: error.getStatus(), body };
  }
  return undefined;
}
