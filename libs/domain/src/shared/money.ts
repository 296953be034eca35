import { DomainError } from './domain-error.ts';

declare const yenBrand: unique symbol;

/** An amount of money in whole yen. Always a safe integer: no floating point ever reaches an amount. */
export type Yen = number & { readonly [yenBrand]: true };

export const YEN_PER_THOUSAND = 1000;

export function yen(value: number, field = 'amount'): Yen {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError('INVALID_MONEY', {
      field,
      value,
      reason: 'not a safe integer number of yen',
      expected: `an integer between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`,
    });
  }
  return value as Yen;
}

export function nonNegativeYen(value: number, field = 'amount'): Yen {
  const amount = yen(value, field);
  if (amount < 0) {
    throw new DomainError('INVALID_MONEY', {
      field,
      value,
      reason: 'negative amount',
      expected: 'an integer number of yen ≥ 0',
    });
  }
  return amount;
}

/** The seeds speak in 千円; this is the one place where 千円 becomes yen. */
export function fromThousandYen(thousands: number, field = 'amount (千円)'): Yen {
  return yen(yen(thousands, field) * YEN_PER_THOUSAND, field);
}

export function toThousandYen(amount: Yen): number {
  return (amount - (amount % YEN_PER_THOUSAND)) / YEN_PER_THOUSAND;
}

/** 千円未満切り捨て. The remainder operator is exact on integers, unlike a division followed by floor. */
export function roundDownToThousandYen(amount: Yen): Yen {
  const remainder = amount % YEN_PER_THOUSAND;
  return yen(remainder < 0 ? amount - remainder - YEN_PER_THOUSAND : amount - remainder);
}

export function addYen(a: Yen, b: Yen): Yen {
  return yen(a + b);
}

export function subtractYen(a: Yen, b: Yen): Yen {
  return yen(a - b);
}

export function multiplyYen(amount: Yen, factor: number): Yen {
  if (!Number.isSafeInteger(factor)) {
    throw new DomainError('INVALID_MONEY', {
      field: 'factor',
      value: factor,
      reason: 'amounts are only multiplied by whole numbers',
      expected: 'a safe integer',
    });
  }
  return yen(Number(BigInt(amount) * BigInt(factor)), 'product');
}

export function minYen(a: Yen, b: Yen): Yen {
  return a <= b ? a : b;
}

export function maxYen(a: Yen, b: Yen): Yen {
  return a >= b ? a : b;
}

/**
 * 12345678 → "12,345,678円", for reasons and traces: en-US grouping of a safe integer, by hand (the
 * deciders format every amount of every trace; Intl.NumberFormat's format was their hottest call).
 */
export function formatYen(amount: Yen): string {
  const digits = String(Math.abs(amount));
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return `${amount < 0 || Object.is(amount, -0) ? '-' : ''}${grouped}円`;
}
