import { describe, expect, it } from '@jest/globals';
import type { Actor } from '#domain';
import { VerifiedTokenCache } from './verified-token-cache.ts';

const alice: Actor = { id: 'alice', role: 'caseworker' };
const bob: Actor = { id: 'bob', role: 'institution', institutionId: 'hosp-001' };

describe('VerifiedTokenCache', () => {
  it('given a verified token, when the same text comes again before it expires, then its actor is served', () => {
    const cache = new VerifiedTokenCache(10, () => 1_000);
    cache.set('token-a', alice, 2_000);
    expect(cache.get('token-a')).toEqual(alice);
    expect(cache.get('token-b')).toBeUndefined();
  });

  it('given a verified token, when its exp has passed by the tolerance, then it is not served (verified afresh)', () => {
    let now = 1_000;
    const cache = new VerifiedTokenCache(10, () => now);
    cache.set('token-a', alice, 1_010);
    now = 1_014;
    expect(cache.get('token-a')).toEqual(alice);
    now = 1_015;
    expect(cache.get('token-a')).toBeUndefined();
    now = 1_000;
    expect(cache.get('token-a')).toBeUndefined(); // forgotten, not only hidden
  });

  it('given a full cache, when another token is kept, then the oldest one goes', () => {
    const cache = new VerifiedTokenCache(2, () => 1_000);
    cache.set('token-a', alice, 2_000);
    cache.set('token-b', bob, 2_000);
    cache.set('token-c', alice, 2_000);
    expect([cache.get('token-a'), cache.get('token-b'), cache.get('token-c')]).toEqual([
      undefined,
      bob,
      alice,
    ]);
  });

  it('serves a frozen copy: one request cannot change the actor another request gets', () => {
    const cache = new VerifiedTokenCache(10, () => 1_000);
    const actor = { ...bob };
    cache.set('token-b', actor, 2_000);
    actor.institutionId = 'hosp-999';
    expect(cache.get('token-b')).toEqual(bob);
    expect(Object.isFrozen(cache.get('token-b'))).toBe(true);
  });
});
