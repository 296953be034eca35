import type { Actor } from '#domain';

/** jose's clockTolerance for `exp` (verifyAccessToken): a token counts as expired this long after `exp`. */
const EXPIRY_TOLERANCE_SECONDS = 5;

/**
 * HS256 tokens already verified, by their exact text: a client sends the same token with every request,
 * and verifying its signature again (jose's HMAC through WebCrypto, a thread-pool round trip) was a tenth
 * of the api's CPU under load (docs/benchmarks.md, "The api under load"). The same text carries the same
 * signature and claims, so only the time-bound claim can change its answer: an entry serves only while
 * `exp` (with the same tolerance) has not passed; after that the token is verified afresh, which refuses
 * it with TOKEN_EXPIRED. Never holds a refused token. Bounded: the oldest entry goes first.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { readonly actor: Actor; readonly exp: number }>();

  constructor(
    private readonly capacity = 10_000,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  /** The actor of a token verified before and not expired since, else undefined. */
  get(token: string): Actor | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.exp <= this.nowSeconds() - EXPIRY_TOLERANCE_SECONDS) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.actor;
  }

  /** Keeps a token that has just verified, with its `exp` claim (seconds since the epoch); the actor frozen, as every request shares it. */
  set(token: string, actor: Actor, exp: number): void {
    if (this.entries.size >= this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(token, { actor: Object.freeze({ ...actor }), exp });
  }
}
