import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from './domain-error.ts';
import {
  formatYen,
  fromThousandYen,
  multiplyYen,
  nonNegativeYen,
  roundDownToThousandYen,
  toThousandYen,
  yen,
} from './money.ts';

describe('Yen', () => {
  it.each([0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1, 0.1 + 0.2])(
    'given %p when made into yen then it is refused as not an integer',
    (value) => {
      expect(() => yen(value)).toThrow(DomainError);
    },
  );

  it('given a negative amount where one must be non-negative then the error names the field', () => {
    expect(() => nonNegativeYen(-1, 'otherIncome')).toThrow(/otherIncome/);
  });

  it.each([
    [3_583, 3_583_000],
    [5_607, 5_607_000],
    [24, 24_000],
  ])('given %i 千円 when converted at the edge then it is %i yen', (thousands, expected) => {
    expect(fromThousandYen(thousands)).toBe(expected);
    expect(toThousandYen(yen(expected))).toBe(thousands);
  });

  it('given 千円 with a fraction when converted then it is refused', () => {
    expect(() => fromThousandYen(3.5)).toThrow(/千円/);
  });

  it.each([
    [999, 0],
    [1_000, 1_000],
    [1_791_500, 1_791_000],
    [Number.MAX_SAFE_INTEGER, 9_007_199_254_740_000],
    [-1, -1_000],
  ])('given %i yen when rounded down to the thousand then it is %i', (amount, expected) => {
    expect(roundDownToThousandYen(yen(amount))).toBe(expected);
  });

  it('given any safe amount when rounded down then the result is a multiple of 1,000 no larger than it', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        const rounded = roundDownToThousandYen(yen(n));
        return rounded % 1000 === 0 && rounded <= n && n - rounded < 1000;
      }),
    );
  });

  it('given a product beyond the safe range when multiplied then it is refused rather than rounded', () => {
    expect(() => multiplyYen(yen(Number.MAX_SAFE_INTEGER), 2)).toThrow(DomainError);
  });

  it('formats any safe integer as en-US grouping does, with 円', () => {
    const grouping = new Intl.NumberFormat('en-US');
    expect(formatYen(yen(12_345_678))).toBe('12,345,678円');
    for (const n of [
      0,
      -0,
      1,
      -1,
      999,
      1_000,
      -1_000,
      123_456,
      1_234_567,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
    ])
      expect(formatYen(yen(n))).toBe(`${grouping.format(n)}円`);
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => formatYen(yen(n)) === `${grouping.format(n)}円`));
  });
});
