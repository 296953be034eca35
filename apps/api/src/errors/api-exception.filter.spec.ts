import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  HttpStatus,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  type ArgumentsHost,
} from '@nestjs/common';
import { EventStoreError, WrongExpectedRevisionError } from '#event-store';
import { ApiException } from './api-exception.ts';
import { ApiExceptionFilter } from './api-exception.filter.ts';
import { httpStatusOf } from './event-store-error-http.ts';

/** Just enough of Express's response to see what the filter sends. */
function capture(): { host: ArgumentsHost; sent: { status?: number; body?: unknown } } {
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return { json: (body: unknown) => void (sent.body = body) };
    },
    end() {},
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  return { host, sent };
}

function caught(error: unknown): { status?: number; body?: unknown } {
  const { host, sent } = capture();
  new ApiExceptionFilter().catch(error, host);
  return sent;
}

describe('ApiExceptionFilter', () => {
  // The filter logs unexpected errors; one is provoked here on purpose.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn']));

  it('answers 409 with the code, message and details of a revision conflict', () => {
    expect(caught(new WrongExpectedRevisionError('application-2026-0001', 3, 5))).toEqual({
      status: 409,
      body: {
        error: 'WRONG_EXPECTED_REVISION',
        message: 'Stream "application-2026-0001": expected revision 3, but the stream is at 5',
        details: { streamId: 'application-2026-0001', expected: 3, actual: 5 },
      },
    });
  });

  it.each([
    ['INVALID_EVENT', 400],
    ['INVALID_STREAM_ID', 400],
    ['EVENT_TOO_LARGE', 413],
    ['IDEMPOTENCY_CONFLICT', 409],
    ['STORE_UNAVAILABLE', 503],
  ] as const)('maps %s to %i', (code, status) => {
    expect(httpStatusOf(new EventStoreError(code, 'x'))).toBe(status);
  });

  it('sends an ApiException body as it is', () => {
    const error = new ApiException(HttpStatus.FORBIDDEN, 'ROLE_NOT_ALLOWED', 'no', { role: 'auditor' });
    expect(caught(error)).toEqual({
      status: 403,
      body: { error: 'ROLE_NOT_ALLOWED', message: 'no', role: 'auditor' },
    });
  });

  it("gives Nest's own HttpExceptions a code: an unknown route, a body over the limit", () => {
    expect(caught(new NotFoundException('Cannot GET /nowhere'))).toEqual({
      status: 404,
      body: {
        error: 'ROUTE_NOT_FOUND',
        message: 'no such route: GET /nowhere (the routes are listed at /docs)',
      },
    });
    expect(caught(new PayloadTooLargeException())).toEqual({
      status: 413,
      body: { error: 'PAYLOAD_TOO_LARGE', message: 'Payload Too Large' },
    });
  });

  it('answers anything else 500 INTERNAL_ERROR without its message', () => {
    expect(caught(new TypeError("Cannot read properties of null (reading 'split')"))).toEqual({
      status: 500,
      body: { error: 'INTERNAL_ERROR', message: expect.stringContaining('retry later') },
    });
  });
});
