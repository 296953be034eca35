import { InvalidEventError } from '../port/errors.ts';

/**
 * Canonical JSON (in the spirit of RFC 8785): object keys sorted by code unit, no white space, numbers
 * in JavaScript's shortest form. The same value always gives the same text, so its hash is stable
 * whatever key order a database hands back.
 *
 * It also refuses anything JSON would silently change or drop (undefined, NaN, Infinity, functions,
 * bigint, Dates and other class instances, cycles) and strings PostgreSQL's jsonb cannot hold (NUL,
 * lone surrogates), naming the path of the offending value.
 */
export function canonicalJson(value: unknown, path = 'data'): string {
  return serialize(value, path, new Set());
}

function serialize(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return serializeString(value, path);
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidEventError(path, `${value} is not JSON-serializable`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return serializeContainer(value, path, ancestors);
    default:
      throw new InvalidEventError(path, `a ${typeof value} is not JSON-serializable`);
  }
}

function serializeString(value: string, path: string): string {
  if (value.includes('\u0000'))
    throw new InvalidEventError(path, 'strings may not contain the NUL character');
  if (!value.isWellFormed()) throw new InvalidEventError(path, 'string contains a lone UTF-16 surrogate');
  return JSON.stringify(value);
}

function serializeContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new InvalidEventError(path, 'circular reference is not JSON-serializable');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item, i) => serialize(item, `${path}[${i}]`, ancestors)).join(',')}]`;
    }
    // A plain object's prototype is Object.prototype of some realm (vm contexts, workers): its own
    // prototype is null. Class instances have one more link and are refused.
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new InvalidEventError(
        path,
        `a ${kind} is not plain JSON data (convert it, e.g. a Date to an ISO string)`,
      );
    }
    const entries = Object.keys(value)
      .sort()
      .map((key) => {
        const item = (value as Record<string, unknown>)[key];
        return `${serializeString(key, `${path}.${key}`)}:${serialize(item, `${path}.${key}`, ancestors)}`;
      });
    return `{${entries.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
