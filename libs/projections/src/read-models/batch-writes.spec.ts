import { asStored } from './batch-writes.ts';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/** asStored must give exactly what a JSON round trip gives (same keys in the same order, same values). */
function expectAsJson(value: unknown): void {
  const stored = asStored(value);
  expect(JSON.stringify(stored)).toBe(JSON.stringify(roundTrip(value)));
  expect(stored).toStrictEqual(roundTrip(value));
}

describe('asStored', () => {
  it('gives back JSON data as it is, sharing it (no copy)', () => {
    const state = {
      ref: { applicationId: 'a-1', fiscalYear: 2026, recipient: { id: 'h-1', kind: 'hospital' } },
      paid: 7_200_000,
      payments: [{ amount: 1, paymentId: 'pay-1' }],
      empty: [],
      nothing: null,
      eligible: true,
      '1': 'an integer key',
    };
    const stored = asStored(state);
    expect(stored).toBe(state);
    expectAsJson(state);
  });

  it('copies only the parts JSON changes: undefined, functions and symbols dropped, null in arrays', () => {
    const shared = { amounts: [1, 2, 3] };
    const value = {
      kept: shared,
      gone: undefined,
      fn: () => 1,
      sym: Symbol('s'),
      list: [1, undefined, () => 2, Symbol('t'), shared],
      // eslint-disable-next-line no-sparse-arrays
      holes: [1, , 3],
      nested: { deeper: { grant: undefined, amount: 5 } },
    };
    expectAsJson(value);
    const stored = asStored(value);
    expect(stored).not.toBe(value);
    expect(stored.kept).toBe(shared);
    expect('gone' in stored.nested.deeper).toBe(false);
  });

  it('numbers as JSON gives them: NaN and infinities null, -0 as 0', () => {
    expectAsJson({ a: NaN, b: Infinity, c: -Infinity, d: -0, e: [-0, NaN, 1.5] });
    expect(Object.is(asStored({ d: -0 }).d, 0)).toBe(true);
  });

  it('Dates, toJSON, class instances, null prototypes and __proto__ keys go through JSON', () => {
    class Money {
      constructor(readonly yen: number) {}
    }
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { x: 1 });
    const withProto = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as unknown;
    expectAsJson({
      at: new Date('2026-11-30T10:00:00Z'),
      custom: { toJSON: () => 'custom' },
      gone: { toJSON: () => undefined },
      money: new Money(5),
      bare,
      withProto,
      list: [new Date(0), { toJSON: () => undefined }],
    });
    expect(Object.getPrototypeOf(asStored({ bare }).bare)).toBe(Object.prototype);
    expect(Object.hasOwn(asStored({ withProto }).withProto as object, '__proto__')).toBe(true);
  });

  it('throws where JSON throws: a bigint, a cycle, undefined or a function at the top', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    for (const value of [{ big: 1n }, cycle, undefined, () => 1]) {
      expect(() => asStored(value)).toThrow();
      expect(() => roundTrip(value)).toThrow();
    }
  });
});
