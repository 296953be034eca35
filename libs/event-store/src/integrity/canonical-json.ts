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
  try {
    return fast(value, 0);
  } catch (error) {
    if (error !== REFUSED) throw error;
    // Something to refuse (or a very deep value): the careful walk names its path, or serializes it.
    return serialize(value, path, new Set());
  }
}

/**
 * The same text as `serialize`, without building a path per value (issue #17: every append serializes
 * every event). Anything it would refuse, and nesting deeper than MAX_FAST_DEPTH (a cycle), throws
 * REFUSED, and `serialize` walks the value again to name what and where.
 */
const REFUSED = Symbol('refused');
const MAX_FAST_DEPTH = 256;
/** Serialized object keys: a decider's events use few distinct ones. */
const KEYS = new Map<string, string>();
const MAX_KEYS_KEPT = 4096;

function fast(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000') || !value.isWellFormed()) throw REFUSED;
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw REFUSED;
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_FAST_DEPTH) throw REFUSED;
      return Array.isArray(value) ? fastArray(value, depth + 1) : fastObject(value, depth + 1);
    default:
      throw REFUSED;
  }
}

function fastArray(value: readonly unknown[], depth: number): string {
  let text = '[';
  for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + fast(value[i], depth);
  return `${text}]`;
}

function fastObject(value: object, depth: number): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) throw REFUSED;
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++)
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    text += `${i === 0 ? '' : ','}${fastKey(key)}:${fast((value as Record<string, unknown>)[key], depth)}`;
  }
  return `${text}}`;
}

function fastKey(key: string): string {
  const known = KEYS.get(key);
  if (known !== undefined) return known;
  if (key.includes('\u0000') || !key.isWellFormed()) throw REFUSED;
  const text = JSON.stringify(key);
  if (KEYS.size < MAX_KEYS_KEPT) KEYS.set(key, text);
  return text;
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
      // Array.from visits holes (as undefined, refused), where map would skip them.
      return `[${Array.from(value, (item, i) => serialize(item, `${path}[${i}]`, ancestors)).join(',')}]`;
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
