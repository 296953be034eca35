import { DomainError } from '../shared/domain-error.ts';
import { toHalfWidth } from '../shared/full-width.ts';
import { type Yen, yen } from '../shared/money.ts';

/** 補助率 as an exact fraction, kept as written (10/10 stays 10/10 so it reads like the source). */
export interface SubsidyRate {
  readonly numerator: number;
  readonly denominator: number;
}

export function subsidyRate(numerator: number, denominator: number): SubsidyRate {
  const valid =
    Number.isSafeInteger(numerator) &&
    Number.isSafeInteger(denominator) &&
    numerator >= 0 &&
    denominator > 0 &&
    numerator <= denominator;
  if (!valid) {
    throw new DomainError('INVALID_SUBSIDY_RATE', {
      field: 'subsidyRate',
      value: `${numerator}/${denominator}`,
      reason: 'a rate is a fraction of whole numbers between 0 and 1',
      expected: 'numerator and denominator integers with 0 ≤ numerator ≤ denominator and denominator > 0',
    });
  }
  return { numerator, denominator };
}

/** Accepts "1/2", "10/10", "３／４" (the seeds write rates with full-width digits and slashes). */
export function parseSubsidyRate(text: string): SubsidyRate {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(toHalfWidth(text));
  if (!match?.[1] || !match[2]) {
    throw new DomainError('INVALID_SUBSIDY_RATE', {
      field: 'subsidyRate',
      value: text,
      reason: 'not a fraction',
      expected: 'a fraction such as "1/2", "3/4" or "10/10"',
    });
  }
  return subsidyRate(Number(match[1]), Number(match[2]));
}

export function formatSubsidyRate(rate: SubsidyRate): string {
  return `${rate.numerator}/${rate.denominator}`;
}

export function isSameRate(a: SubsidyRate, b: SubsidyRate): boolean {
  return BigInt(a.numerator) * BigInt(b.denominator) === BigInt(b.numerator) * BigInt(a.denominator);
}

/** amount × rate rounded down to the yen, in bigint so that no intermediate ever loses precision. */
export function applySubsidyRate(amount: Yen, rate: SubsidyRate): Yen {
  const product = BigInt(amount) * BigInt(rate.numerator);
  const denominator = BigInt(rate.denominator);
  const quotient = product / denominator;
  const floored = product % denominator !== 0n && product < 0n ? quotient - 1n : quotient;
  return yen(Number(floored), 'amount × subsidyRate');
}
