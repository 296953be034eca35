import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { InvalidEventError } from '../port/errors.ts';
import { canonicalJson } from './canonical-json.ts';
import { contentHash } from './hash-chain.ts';

/**
 * The text canonicalJson wrote before its single walk (issue #17), for valid data: keys sorted by
 * Array.prototype.sort, joined, and everything else as JSON.stringify writes it. Stored hashes
 * depend on this text, so the two must never differ.
 */
function textBefore(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(textBefore).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${textBefore(record[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

const tricky: Record<string, unknown> = {
  'unicode strings and escapes': [
    '在宅',
    '😀',
    'é',
    '"\\/',
    '\n\t\r\b\f',
    '\u001f\u007f',
    '\u2028\u2029',
    '',
  ],
  // '😀' (U+1F600) is stored as the surrogates D83D DE00: it sorts before 'ｚ' (U+FF5A) by code unit,
  // after it by code point. Integer-like keys come first from Object.keys, numerically; sorted, '10' < '9'.
  'key order': { ｚ: 1, '😀': 2, b: 3, B: 4, _: 5, a: 6, é: 7, '10': 8, '9': 9, '': 10, ab: 11, 'a b': 12 },
  'keys already in order': { a: 1, b: { c: 2, d: [3] }, e: null },
  numbers: [
    0,
    -0,
    1,
    -1.5,
    0.1 + 0.2,
    1e21,
    1e-7,
    123e-20,
    5e-324,
    Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    -(2 ** 63),
  ],
  'nested arrays and empty containers': [[], {}, [[[]]], [{}, [{ b: [], a: {} }]], [null, true, false]],
  'a domain-like event': {
    recipient: { name: '山田 太郎', address: { zip: '100-0001', city: '東京都' } },
    items: [
      { qty: 2, code: 'X1', amount: 1200 },
      { amount: 300.5, code: 'X2', qty: 1 },
    ],
    notes: null,
  },
};

describe('canonical JSON', () => {
  it.each(Object.entries(tricky))('writes the same text as before its single walk: %s', (_, value) => {
    const text = canonicalJson(value);
    expect(text).toBe(textBefore(value));
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('sorts keys by UTF-16 code unit at every depth, writes -0 as 0 and numbers in shortest form', () => {
    expect(
      canonicalJson({ ｚ: '😀\n"\\', '😀': [[], {}, [[0.1]]], b: 1, a: -0, '10': 1e21, '9': 2 ** 53 + 2 }),
    ).toBe('{"10":1e+21,"9":9007199254740994,"a":0,"b":1,"😀":[[],{},[[0.1]]],"ｚ":"😀\\n\\"\\\\"}');
  });

  it('gives the content hash stored before its single walk (the hash chain of stored events holds)', () => {
    const event = {
      id: '0192f0c4-8a4e-7000-8000-000000000001',
      streamId: 'application-1',
      type: 'ApplicationSubmitted',
      schemaVersion: 1,
      data: {
        b: 1,
        a: ['在宅', { z: null, y: true }],
        '10': -0,
        '9': 1e21,
        ｚ: '😀\n"\\\u2028',
        '😀': [[], {}, [[0.1]]],
      },
      metadata: { actorId: 'u1', actorRole: 'caseworker', correlationId: 'c1' },
      recordedAt: new Date('2026-04-01T00:00:00.000Z'),
    };
    // Computed with the implementation before the change.
    expect(contentHash(event)).toBe('4b9d5bcc357214550c5672f42ccb9f23928d73909bae7d5293b1dac23402169c');
  });

  it('takes plain objects of another realm and without a prototype', () => {
    expect(canonicalJson(runInNewContext('({ b: [1], a: { c: 2 } })'))).toBe('{"a":{"c":2},"b":[1]}');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
  });

  it('given the same object twice but no cycle, writes it twice', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared, shared] })).toBe('{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
  });

  const cycle: Record<string, unknown> = { a: [1] };
  (cycle.a as unknown[]).push({ back: cycle });
  it.each<[string, unknown, string, string]>([
    ['NaN', { a: [1, NaN] }, 'data.a[1]', 'NaN is not JSON-serializable'],
    ['Infinity', { b: { c: -Infinity } }, 'data.b.c', '-Infinity is not JSON-serializable'],
    ['undefined', { a: undefined }, 'data.a', 'a undefined is not JSON-serializable'],
    ['a bigint', [1n], 'data[0]', 'a bigint is not JSON-serializable'],
    ['a function', { f: () => 1 }, 'data.f', 'a function is not JSON-serializable'],
    [
      'a Date',
      { at: new Date(0) },
      'data.at',
      'a Date is not plain JSON data (convert it, e.g. a Date to an ISO string)',
    ],
    [
      'a Map',
      { m: new Map() },
      'data.m',
      'a Map is not plain JSON data (convert it, e.g. a Date to an ISO string)',
    ],
    ['a cycle', cycle, 'data.a[1].back', 'circular reference is not JSON-serializable'],
    ['NUL in a value', { s: ['a\u0000'] }, 'data.s[0]', 'strings may not contain the NUL character'],
    ['NUL in a key', { 'k\u0000': 1 }, 'data.k\u0000', 'strings may not contain the NUL character'],
    ['a lone surrogate', { s: '\ud800x' }, 'data.s', 'string contains a lone UTF-16 surrogate'],
    ['a lone surrogate in a key', { '\udc00': 1 }, 'data.\udc00', 'string contains a lone UTF-16 surrogate'],
    // Joined, a hole was written as "[,1]", which is not JSON; now it is refused where it is.
    // eslint-disable-next-line no-sparse-arrays
    ['a hole in an array', { a: [, 1] }, 'data.a[0]', 'a undefined is not JSON-serializable'],
  ])('refuses %s, naming its path', (_, value, field, reason) => {
    let error: unknown;
    try {
      canonicalJson(value);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error).toMatchObject({ message: `${field}: ${reason}` });
  });

  it('names the path from the given root', () => {
    expect(() => canonicalJson({ a: NaN }, 'events[2].metadata')).toThrow('events[2].metadata.a: NaN is not');
  });

  it('refuses in sorted key order: the first offending key by code unit is named', () => {
    expect(() => canonicalJson({ b: NaN, a: undefined })).toThrow('data.a: a undefined');
  });
});
