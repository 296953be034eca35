import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../shared/domain-error.ts';
import { yen } from '../shared/money.ts';
import {
  applySubsidyRate,
  formatSubsidyRate,
  isSameRate,
  parseSubsidyRate,
  subsidyRate,
} from './subsidy-rate.ts';

describe('SubsidyRate', () => {
  it.each([
    ['10/10', 10, 10],
    ['1/2', 1, 2],
    ['３／４', 3, 4],
    [' 1 / 2 ', 1, 2],
  ])('given "%s" when parsed then it is %i/%i exactly', (text, numerator, denominator) => {
    expect(parseSubsidyRate(text)).toEqual({ numerator, denominator });
  });

  it.each(['0.5', '50%', '3/2', '1/0', ''])(
    'given "%s" when parsed then the error says a fraction is expected',
    (text) => {
      expect(() => parseSubsidyRate(text)).toThrow(DomainError);
    },
  );

  it('given 10/10 when compared with 1/1 then they are the same rate but print as written', () => {
    expect(isSameRate(subsidyRate(10, 10), subsidyRate(1, 1))).toBe(true);
    expect(formatSubsidyRate(subsidyRate(10, 10))).toBe('10/10');
  });

  it.each([
    [1_791_501, '1/2', 895_750],
    [1_000_001, '3/4', 750_000],
    [3, '1/3', 1],
    [Number.MAX_SAFE_INTEGER, '3/4', 6_755_399_441_055_743],
  ])(
    'given %i yen at %s when the rate is applied then the yen are floored exactly to %i',
    (amount, rate, expected) => {
      expect(applySubsidyRate(yen(amount), parseSubsidyRate(rate))).toBe(expected);
    },
  );
});
