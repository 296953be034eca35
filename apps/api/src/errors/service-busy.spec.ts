import { describe, expect, it } from '@jest/globals';
import { errorResponseOf } from './error-response.ts';

describe('errorResponseOf a connection wait', () => {
  it('leaves every other failure to the 500 (or its own code)', () => {
    expect(errorResponseOf(new Error('boom'))).toBeUndefined();
    expect(errorResponseOf(new Error('Connection terminated unexpectedly'))).toBeUndefined();
  });

  it('answers 503 SERVICE_BUSY with Retry-After in the one error shape', () => {
    expect(errorResponseOf(new Error('timeout exceeded when trying to connect'))).toEqual({
      status: 503,
      headers: { 'Retry-After': '1' },
      body: {
        error: 'SERVICE_BUSY',
        message: 'every database connection of the api is busy: retry after 1 s',
        retryAfterSeconds: 1,
      },
    });
  });
});
