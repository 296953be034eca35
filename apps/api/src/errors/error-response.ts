import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from '#domain';
import { EventStoreError } from '#event-store';
import { isConnectionWaitTimeout } from '#platform';
import { NotFoundError } from '#workflow';
import { ResourceNotFoundException } from '../auth/access-scope.ts';
import type { ApiErrorBody } from './api-exception.ts';
import { domainErrorResponse } from './domain-error-http.ts';
import { eventStoreErrorResponse } from './event-store-error-http.ts';
import { serviceBusyResponse } from './service-busy.ts';

export interface ErrorResponse {
  readonly status: number;
  readonly body: unknown;
  /** Headers the answer needs (a 503 SERVICE_BUSY's Retry-After). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The status and body the global filter sends for an error, or undefined for an unexpected one (a 500).
 * The idempotency interceptor records exactly this, so a replay is byte-for-byte the first answer.
 */
export function errorResponseOf(error: unknown): ErrorResponse | undefined {
  if (error instanceof DomainError) return domainErrorResponse(error);
  if (error instanceof EventStoreError) return eventStoreErrorResponse(error);
  if (error instanceof HttpException) return httpExceptionResponse(error);
  if (error instanceof NotFoundError) return httpExceptionResponse(new ResourceNotFoundException(error.noun));
  if (isConnectionWaitTimeout(error)) return serviceBusyResponse();
  return undefined;
}

/** A 500 says nothing of its cause (that is logged): the code, and what the caller can do. */
export function unexpectedErrorResponse(): ErrorResponse {
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: {
      error: 'INTERNAL_ERROR',
      message: 'the server failed unexpectedly while answering this request (it is logged): retry later',
    },
  };
}

/**
 * An HttpException whose body is already `{ error, message, … }` (ApiException, a replayed answer) is
 * sent as it is; Nest's and Express's own (`{ statusCode, message, error: 'Not Found' }`) get a code.
 */
function httpExceptionResponse(error: HttpException): ErrorResponse {
  const status = error.getStatus();
  const response = error.getResponse();
  if (isApiErrorBody(response)) return { status, body: response };
  const said =
    typeof response === 'string'
      ? response
      : [(response as { message?: unknown }).message]
          .flat()
          .filter((m) => typeof m === 'string')
          .join('; ');
  return { status, body: describeHttpError(status, said, error.cause) };
}

function isApiErrorBody(response: unknown): response is ApiErrorBody {
  if (typeof response !== 'object' || response === null || 'statusCode' in response) return false;
  const { error, message } = response as Record<string, unknown>;
  return typeof error === 'string' && typeof message === 'string';
}

/** body-parser's error types (http-errors `type`) and what they mean for the caller. */
const BODY_PARSER_ERRORS: Readonly<Record<string, { code: string; message: (e: BodyError) => string }>> = {
  'entity.parse.failed': {
    code: 'MALFORMED_JSON',
    message: (e) => `the body is not valid JSON: ${e.message}`,
  },
  'entity.too.large': {
    code: 'PAYLOAD_TOO_LARGE',
    message: (e) =>
      `the body is ${e.length ?? 'more than'} bytes; at most ${e.limit ?? 'the limit of'} bytes are accepted`,
  },
  'parameters.too.many': {
    code: 'PAYLOAD_TOO_LARGE',
    message: () => 'the form body has too many parameters',
  },
  'charset.unsupported': {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: (e) => `${e.message}: send UTF-8 JSON (Content-Type: application/json)`,
  },
  'encoding.unsupported': {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: (e) => `${e.message}: send the body uncompressed, gzip, deflate or br`,
  },
  'request.aborted': { code: 'REQUEST_ABORTED', message: () => 'the request was aborted by the client' },
  'request.size.invalid': {
    code: 'BAD_REQUEST',
    message: () => 'the body length does not match its Content-Length',
  },
};

interface BodyError {
  readonly type?: unknown;
  readonly message: string;
  readonly limit?: number;
  readonly length?: number;
}

function describeHttpError(status: number, said: string, cause: unknown): ApiErrorBody {
  const type = cause instanceof Error ? (cause as BodyError).type : undefined;
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  if (known !== undefined) return { error: known.code, message: known.message(cause as BodyError) };
  if (cause instanceof URIError) {
    return { error: 'MALFORMED_URL', message: `the URL has an invalid percent-encoding: ${said}` };
  }
  if (status === HttpStatus.NOT_FOUND) {
    // Nest's handler for a path no route matches ("Cannot GET /x"): our own 404s are ApiExceptions.
    return {
      error: 'ROUTE_NOT_FOUND',
      message: `no such route: ${said.replace(/^Cannot /, '')} (the routes are listed at /docs)`,
    };
  }
  return { error: HttpStatus[status] ?? `HTTP_${status}`, message: said || `HTTP ${status}` };
}
