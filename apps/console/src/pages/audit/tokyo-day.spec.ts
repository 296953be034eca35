import { describe, expect, it } from '@jest/globals';
import { afterTokyoDay, endOfTokyoDay, startOfTokyoDay } from './tokyo-day.ts';

describe('the audit page’s days as the api’s instants (Tokyo)', () => {
  it('searches from the start of the first day to the start of the day after the last (the api’s `to` is exclusive)', () => {
    expect(startOfTokyoDay('2027-04-01')).toBe('2027-04-01T00:00:00+09:00');
    expect(afterTokyoDay('2027-03-31')).toBe('2027-04-01T00:00:00+09:00');
    expect(afterTokyoDay('2026-12-31')).toBe('2027-01-01T00:00:00+09:00');
    expect(afterTokyoDay('2028-02-28')).toBe('2028-02-29T00:00:00+09:00');
    expect(afterTokyoDay('2027-02-28')).toBe('2027-03-01T00:00:00+09:00');
  });

  it('takes an as-of day as the state when that day ended in Tokyo', () => {
    expect(endOfTokyoDay('2017-03-31')).toBe('2017-03-31T23:59:59.999+09:00');
    expect(new Date(endOfTokyoDay('2017-03-31')).toISOString()).toBe('2017-03-31T14:59:59.999Z');
  });
});
