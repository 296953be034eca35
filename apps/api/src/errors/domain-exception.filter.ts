import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '#domain';
import { domainErrorResponse } from './domain-error-http.ts';
import { sendErrorResponse } from './send-error-response.ts';

/** DomainError → HTTP by code (domain-error-http.ts), so controllers never translate errors. */
@Catch(DomainError)
export class DomainExceptionFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ArgumentsHost): void | Promise<void> {
    return sendErrorResponse(host, domainErrorResponse(error), error);
  }
}
