import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.ts';
import {
  chainHash,
  contentHash,
  contentHashOfCanonical,
  findFirstChainBreak,
  GENESIS_HASH,
  type ChainedEvent,
} from './hash-chain.ts';

const base = {
  id: '0192f0c4-8a4e-7000-8000-000000000001',
  streamId: 'application-1',
  type: 'ApplicationSubmitted',
  schemaVersion: 1,
  data: { b: 1, a: ['在宅', { z: null, y: true }] },
  metadata: { actorId: 'u1', actorRole: 'caseworker', correlationId: 'c1' },
  recordedAt: new Date('2026-04-01T00:00:00.000Z'),
};

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops white space, so key order never changes a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: '円' } })).toBe(
      '{"a":{"c":"円","d":[3,{"e":2,"f":1}]},"b":1}',
    );
    expect(contentHash({ ...base, data: { a: base.data.a, b: 1 } })).toBe(contentHash(base));
  });

  it('gives the text of JSON.stringify with the keys sorted by code unit, at any depth ("10" before "2")', () => {
    const sorted = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(sorted).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${sorted((v as Record<string, unknown>)[k])}`)
              .join(',')}}`
          : JSON.stringify(v);
    let deep: unknown = { leaf: '底' };
    for (let i = 0; i < 300; i++) deep = i % 2 === 0 ? [deep] : { [`k${i}`]: deep }; // deeper than the fast walk
    const values: unknown[] = [
      { '10': 'a', '2': 'b', b: { z: [1, -0, 1e21, 0.1, -5e-7], a: null }, a: [true, false, '"\\\n\t円𠮷'] },
      { z: 1, y: { x: { w: [{ v: 'ü', u: '' }, [], {}] } } },
      Object.assign(Object.create(null) as object, { b: 2, a: 1 }),
      ['x', 3, null],
      '改行\n',
      deep,
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(sorted(value));
  });

  it('refuses what JSON would change or jsonb cannot hold, naming where it is', () => {
    const holey: unknown[] = [1];
    holey[2] = 3; // a hole at 1: JSON.stringify would write null
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    const refusals: [unknown, RegExp][] = [
      [{ a: { b: [1, undefined] } }, /data\.a\.b\[1\]/],
      [{ a: holey }, /data\.a\[1\]/],
      [{ a: { 'k\u0000': 1 } }, /data\.a\.k.*NUL/],
      [{ a: ['x\ud800'] }, /data\.a\[0\].*surrogate/],
      [{ a: NaN }, /data\.a.*NaN/],
      [{ a: new Date(0) }, /data\.a.*Date/],
      [{ a: 1n }, /data\.a.*bigint/],
      [cycle, /data\.self\.back.*circular/],
    ];
    for (const [value, message] of refusals) expect(() => canonicalJson(value)).toThrow(message);
  });
});

describe('hash chain', () => {
  it('given canonical pieces, the content hash is the one computed from the values', () => {
    expect(contentHashOfCanonical(base, canonicalJson(base.data), canonicalJson(base.metadata))).toBe(
      contentHash(base),
    );
  });

  it('changes when any recorded field changes', () => {
    const original = contentHash(base);
    const variants = [
      { ...base, id: '0192f0c4-8a4e-7000-8000-000000000002' },
      { ...base, streamId: 'application-2' },
      { ...base, type: 'ApplicationWithdrawn' },
      { ...base, schemaVersion: 2 },
      { ...base, data: { ...base.data, b: 2 } },
      { ...base, metadata: { ...base.metadata, actorId: 'u2' } },
      { ...base, recordedAt: new Date('2026-04-01T00:00:00.001Z') },
    ];
    for (const variant of variants) expect(contentHash(variant)).not.toBe(original);
  });

  it('given a stream of three chained events, finds no break; given one reordered, names revision 0', () => {
    const events = [0, 1, 2].reduce<ChainedEvent[]>((chain, revision) => {
      const event = {
        ...base,
        id: `0192f0c4-8a4e-7000-8000-00000000000${revision}`,
        data: { n: revision },
      };
      const previous = chain[revision - 1]?.hash ?? GENESIS_HASH;
      return [...chain, { ...event, revision, hash: chainHash(previous, contentHash(event), revision) }];
    }, []);
    expect(findFirstChainBreak(events)).toBeUndefined();
    const swapped = [{ ...events[1]!, revision: 0 }, { ...events[0]!, revision: 1 }, events[2]!];
    expect(findFirstChainBreak(swapped)).toMatchObject({
      revision: 0,
      reason: 'content-altered-or-chain-broken',
    });
  });
});
