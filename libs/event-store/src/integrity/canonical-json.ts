import { InvalidEventError } from '../port/errors.ts';

/**
 * Canonical JSON (in the spirit of RFC 8785): object keys sorted by code unit, no white space, numbers
 * in JavaScript's shortest form. The same value always gives the same text, so its hash is stable
 * whatever key order a database hands back.
 *
 * It also refuses anything JSON would silently change or drop (undefined, NaN, Infinity, functions,
 * bigint, Dates and other class instances, cycles, holes of sparse arrays) and strings PostgreSQL's
 * jsonb cannot hold (NUL, lone surrogates), naming the path of the offending value.
 *
 * One walk validates and writes (every append canonicalises its data, issue #17): a value's path is
 * only spelled out when it is refused, keys already in order (as most objects are written) are not
 * sorted again, and the text is appended to rather than built from arrays joined.
 */
export function canonicalJson(value: unknown, path = 'data'): string {
  return serialize(value, path, undefined, []);
}

/** A value's key in its parent: a property name, an array index, or none for the root. */
type Key = string | number | undefined;

function pathOf(parent: string, key: Key): string {
  if (key === undefined) return parent;
  return typeof key === 'number' ? `${parent}[${key}]` : `${parent}.${key}`;
}

function serialize(value: unknown, parent: string, key: Key, ancestors: object[]): string {
  switch (typeof value) {
    case 'string':
      return serializeString(value, parent, key);
    case 'number':
      if (!Number.isFinite(value))
        throw new InvalidEventError(pathOf(parent, key), `${value} is not JSON-serializable`);
      return String(value); // what JSON.stringify writes for a finite number (-0 as 0)
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return serializeContainer(value, pathOf(parent, key), ancestors);
    default:
      throw new InvalidEventError(pathOf(parent, key), `a ${typeof value} is not JSON-serializable`);
  }
}

function serializeString(value: string, parent: string, key: Key): string {
  if (value.includes('\u0000'))
    throw new InvalidEventError(pathOf(parent, key), 'strings may not contain the NUL character');
  if (!value.isWellFormed())
    throw new InvalidEventError(pathOf(parent, key), 'string contains a lone UTF-16 surrogate');
  return JSON.stringify(value);
}

function serializeContainer(value: object, path: string, ancestors: object[]): string {
  if (ancestors.includes(value))
    throw new InvalidEventError(path, 'circular reference is not JSON-serializable');
  ancestors.push(value);
  try {
    return Array.isArray(value)
      ? serializeArray(value, path, ancestors)
      : serializeObject(value, path, ancestors);
  } finally {
    ancestors.pop();
  }
}

function serializeArray(value: readonly unknown[], path: string, ancestors: object[]): string {
  let text = '[';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) text += ',';
    // A hole reads as undefined and is refused (joined, it would have written "[,1]", not JSON).
    text += serialize(value[i], path, i, ancestors);
  }
  return `${text}]`;
}

function serializeObject(value: object, path: string, ancestors: object[]): string {
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
  const keys = Object.keys(value);
  if (!inCodeUnitOrder(keys)) keys.sort();
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) text += ',';
    text += `${serializeString(key, path, key)}:${serialize((value as Record<string, unknown>)[key], path, key, ancestors)}`;
  }
  return `${text}}`;
}

/** Whether the keys already stand as Array.prototype.sort would put them (by UTF-16 code unit). */
function inCodeUnitOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}
