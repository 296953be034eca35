import { describe, expect, it } from '@jest/globals';
import { isConnectionWaitTimeout } from './connection-wait-timeout.ts';

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

  it('leaves every other failure alone', () => {
    expect(isConnectionWaitTimeout(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isConnectionWaitTimeout(new Error('timeout exceeded when trying to connect!'))).toBe(false);
    expect(isConnectionWaitTimeout('timeout exceeded when trying to connect')).toBe(false);
  });
});
