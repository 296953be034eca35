import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type Yen, fromThousandYen, yen } from '../shared/money.ts';
import { calculateSubsidyAmount } from './amount-calculation.ts';
import { type SubsidyRate, parseSubsidyRate, subsidyRate } from './subsidy-rate.ts';

const amountOf = (base: number, actual: number, other: number, rate: string): number =>
  calculateSubsidyAmount({
    baseAmount: yen(base),
    actualExpenditure: yen(actual),
    otherIncome: yen(other),
    subsidyRate: parseSubsidyRate(rate),
  }).amount;

describe('calculateSubsidyAmount (the amount rule)', () => {
  it.each([
    ['expenditure below the base amount', 10_000_000, 7_654_321, 0, '10/10', 7_654_000],
    ['expenditure above the base amount', 10_000_000, 12_500_000, 0, '10/10', 10_000_000],
    ['other income reduces the expenditure', 10_000_000, 10_500_000, 1_200_000, '10/10', 9_300_000],
    ['the base amount at 1/2 (year 4+ 協議会)', 3_583_000, 4_000_000, 0, '1/2', 1_791_000],
    ['rounding of an awkward 3/4', 6_000_000, 1_333_333, 0, '3/4', 999_000],
    ['other income above the expenditure', 10_000_000, 500_000, 800_000, '10/10', 0],
    ['nothing spent', 10_000_000, 0, 0, '10/10', 0],
  ])('given %s when calculated then the amount is exact', (_case, base, actual, other, rate, expected) => {
    expect(amountOf(base, actual, other, rate)).toBe(expected);
  });

  it('given awkward values that floating point gets wrong when calculated then the amount is still exact', () => {
    // 0.1 + 0.2 style errors: 3,583,001 × 1/2 = 1,791,500.5, which floating point could round up.
    expect(amountOf(3_583_000, 3_583_001, 1, '1/2')).toBe(1_791_000);
    // 9,007,199,254,740,991 × 3/4 overflows doubles in the product; bigint keeps it exact.
    expect(amountOf(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 0, '3/4')).toBe(6_755_399_441_055_000);
  });

  it('given a calculation when traced then every input, intermediate and the result are there', () => {
    const { trace } = calculateSubsidyAmount({
      baseAmount: fromThousandYen(3_583),
      actualExpenditure: yen(4_000_000),
      otherIncome: yen(100_000),
      subsidyRate: subsidyRate(1, 2),
    });
    expect(trace.inputs).toEqual({
      baseAmount: 3_583_000,
      actualExpenditure: 4_000_000,
      otherIncome: 100_000,
      subsidyRate: '1/2',
    });
    expect(trace.steps.map((s) => [s.key, s.value])).toEqual([
      ['netExpenditure', 3_900_000],
      ['comparedAmount', 3_583_000],
      ['ratedAmount', 1_791_500],
      ['amount', 1_791_000],
    ]);
    expect(trace.steps[1]?.label.ja).toContain('基準額');
  });

  it('given a rate above 1 passed as a plain object when calculated then it is refused', () => {
    expect(() =>
      calculateSubsidyAmount({
        baseAmount: yen(1_000),
        actualExpenditure: yen(1_000),
        otherIncome: yen(0),
        subsidyRate: { numerator: 3, denominator: 2 },
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SUBSIDY_RATE' }) as unknown as Error);
  });

  it('given a negative expenditure when calculated then it is refused naming the field', () => {
    expect(() => amountOf(1_000, -5, 0, '1/2')).toThrow(/actualExpenditure/);
  });
});

const rates: fc.Arbitrary<SubsidyRate> = fc
  .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }))
  .map(([denominator, n]) => subsidyRate(n % (denominator + 1), denominator));
const money = (max = 100_000_000_000): fc.Arbitrary<Yen> => fc.integer({ min: 0, max }).map((n) => yen(n));
const inputs = fc.record({
  baseAmount: money(),
  actualExpenditure: money(),
  otherIncome: money(),
  subsidyRate: rates,
});

describe('calculateSubsidyAmount properties', () => {
  it('never exceeds base amount × rate', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const { amount } = calculateSubsidyAmount(input);
        const { numerator, denominator } = input.subsidyRate;
        return BigInt(amount) * BigInt(denominator) <= BigInt(input.baseAmount) * BigInt(numerator);
      }),
    );
  });

  it('is monotonic in the actual expenditure', () => {
    fc.assert(
      fc.property(inputs, money(), (input, extra) => {
        const more = yen(input.actualExpenditure + extra);
        return (
          calculateSubsidyAmount(input).amount <=
          calculateSubsidyAmount({ ...input, actualExpenditure: more }).amount
        );
      }),
    );
  });

  it('is always a whole multiple of 1,000 yen and never negative', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const { amount } = calculateSubsidyAmount(input);
        return Number.isSafeInteger(amount) && amount % 1000 === 0 && amount >= 0;
      }),
    );
  });
});
