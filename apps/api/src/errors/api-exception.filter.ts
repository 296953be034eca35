import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { errorResponseOf, unexpectedErrorResponse } from './error-response.ts';
import { sendErrorResponse } from './send-error-response.ts';

/**
 * Catches everything: DomainError and EventStoreError by code, HttpExceptions (ours as they are, Nest's
 * and Express's own in our shape: unknown route, body too large, malformed JSON), and anything else as a
 * 500 `INTERNAL_ERROR` whose details are logged, never sent.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionsHandler');

  catch(error: unknown, host: ArgumentsHost): void | Promise<void> {
    const known = errorResponseOf(error);
    if (known === undefined) {
      this.logger.error(
        error instanceof Error ? error.message : String(error),
        error instanceof Error ? error.stack : undefined,
      );
    }
    // Through the request's error observer (the security log records refusals) with the error answered.
    return sendErrorResponse(host, known ?? unexpectedErrorResponse(), error);
  }
}
