import type { HttpStatus } from '@nestjs/common';
import {
  domainErrorClassOf,
  HTTP_STATUS_OF_ERROR_CLASS,
  IllegalTransitionError,
  type DomainError,
} from '#domain';
import type { ApiErrorBody } from './api-exception.ts';

/**
 * How DomainError codes reach HTTP: the domain's own table (DOMAIN_ERROR_CLASSES) decides — conflict 409
 * (the stage, or something already recorded), forbidden 403 (role, scope, four-eyes), unprocessable 422
 * (every other rule, and any code the table does not know). The body is `{ error, message, field, value,
 * reason, expected }`; an illegal transition adds the case's `stage` and the `allowedCommands` there.
 */
export function domainErrorResponse(error: DomainError): { status: HttpStatus; body: ApiErrorBody } {
  const status = HTTP_STATUS_OF_ERROR_CLASS[domainErrorClassOf(error.code)] as HttpStatus;
  const body: ApiErrorBody = { error: error.code, message: error.message, ...error.details };
  if (error instanceof IllegalTransitionError) {
    return { status, body: { ...body, stage: error.stage, allowedCommands: error.allowedCommands } };
  }
  return { status, body };
}
