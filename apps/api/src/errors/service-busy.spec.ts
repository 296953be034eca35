import { describe, expect, it } from '@jest/globals';
import { errorResponseOf } from './error-response.ts';
import { isConnectionWaitTimeout } from './service-busy.ts';

describe('isConnectionWaitTimeout', () => {
  it("recognises pg-pool's connection-wait errors, as they are or wrapped (cause, TypeORM's driverError)", () => {
    const waited = new Error('timeout exceeded when trying to connect');
    expect(isConnectionWaitTimeout(waited)).toBe(true);
    expect(isConnectionWaitTimeout(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isConnectionWaitTimeout(new Error('claim failed', { cause: waited }))).toBe(true);
    expect(isConnectionWaitTimeout(Object.assign(new Error('query failed'), { driverError: waited }))).toBe(
      true,
    );
  });

  it('leaves every other failure to the 500 (or its own code)', () => {
    expect(isConnectionWaitTimeout(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isConnectionWaitTimeout(new Error('timeout exceeded when trying to connect!'))).toBe(false);
    expect(isConnectionWaitTimeout('timeout exceeded when trying to connect')).toBe(false);
    expect(errorResponseOf(new Error('boom'))).toBeUndefined();
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
