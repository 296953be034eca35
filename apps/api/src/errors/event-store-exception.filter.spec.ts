import { describe, expect, it } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import { EventStoreError, WrongExpectedRevisionError } from '#event-store';
import { EventStoreExceptionFilter, httpStatusOf } from './event-store-exception.filter.ts';

/** Just enough of Express's response to see what the filter sends. */
function capture(): { host: ArgumentsHost; sent: { status?: number; body?: unknown } } {
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    status(code: number) {
      sent.status = code;
      return { json: (body: unknown) => void (sent.body = body) };
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({}), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('EventStoreExceptionFilter', () => {
  it('answers 409 with the code, message and details of a revision conflict', () => {
    const error = new WrongExpectedRevisionError('application-2026-0001', 3, 5);
    const { host, sent } = capture();
    new EventStoreExceptionFilter().catch(error, host);
    expect(sent).toEqual({
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
});
