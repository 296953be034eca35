import { describe, expect, it } from '@jest/globals';
import { isTransientDatabaseError } from './transient-error.ts';

describe('isTransientDatabaseError', () => {
  it('counts a wait for a pool connection that timed out as transient (retried, never parks)', () => {
    const waited = new Error('timeout exceeded when trying to connect');
    expect(isTransientDatabaseError(waited)).toBe(true);
    expect(isTransientDatabaseError(new Error('projector failed', { cause: waited }))).toBe(true);
  });

  it('does not count a failure of the event being applied', () => {
    expect(isTransientDatabaseError(Object.assign(new Error('null value'), { code: '23502' }))).toBe(false);
    expect(isTransientDatabaseError(new Error('Cannot read properties of undefined'))).toBe(false);
  });
});
