import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * Query-string validators. Query values arrive as strings; they are checked as strings (so a refused
 * value is reported exactly as sent) and converted by the handler after validation.
 */

/** 2026-04-01T09:00:00+09:00 or 2026-04-01T00:00:00.000Z: a date, a time and a zone (no local times). */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** The instant a string names, or undefined when it is not an ISO 8601 instant of a real calendar day. */
export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = INSTANT.exec(value);
  if (m === null) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  const [y, mo, d, h, mi, s] = [n(1), n(2), n(3), n(4), n(5), n(6)] as const;
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 2026-02-30 over into March: a real day keeps its own fields.
  if (wall.getUTCMonth() !== mo - 1 || wall.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  if (n(9) > 23 || n(10) > 59) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

export const INSTANT_REASON =
  'must be an ISO 8601 instant with a time zone, e.g. 2026-04-01T00:00:00+09:00 or 2026-03-31T15:00:00Z';

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => parseInstant(value) !== undefined,
        defaultMessage: () => INSTANT_REASON,
      },
    },
    options,
  );
}

/** `to` (exclusive) must come after `from` when both are valid instants. */
export function IsAfterProperty(property: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAfterProperty',
      constraints: [property],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const end = parseInstant(value);
          const start = parseInstant((args?.object as Record<string, unknown> | undefined)?.[property]);
          return end === undefined || start === undefined || end.getTime() > start.getTime();
        },
        defaultMessage: () => `must be later than ${property} (the window is from ≤ recordedAt < to)`,
      },
    },
    options,
  );
}

/** A whole number written in decimal digits, from `min` to `max` (bigint, so positions fit). */
export function IsDecimalInRange(min: bigint, max: bigint, what: string, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isDecimalInRange',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{1,20}$/.test(value) &&
          BigInt(value) >= min &&
          BigInt(value) <= max,
        defaultMessage: () => `must be ${what}: a whole number in decimal digits from ${min} to ${max}`,
      },
    },
    options,
  );
}

/** A query parameter given once (`?type=A`) or repeated (`?type=A&type=B`), as a list. */
export function asList({ value }: { value: unknown }): unknown {
  return value === undefined || Array.isArray(value) ? value : [value];
}
