import { createHash, hash } from 'node:crypto';
import type { EventMetadata } from '../port/event-envelope.ts';
import { canonicalJson } from './canonical-json.ts';

/** The hash before a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
}

/**
 * SHA-256 of the canonical serialization of everything an event says. The revision and the previous
 * hash are added by chainHash, which the PostgreSQL adapter computes inside the append so that the
 * chain follows the order the database actually committed.
 */
export function contentHash(event: HashedContent): string {
  return contentHashOfCanonical(event, canonicalJson(event.data), canonicalJson(event.metadata, 'metadata'));
}

/**
 * The same hash from data and metadata already in canonical form, so an append serializes its data
 * once. The envelope is assembled in sorted key order, which keeps the whole text canonical.
 */
export function contentHashOfCanonical(
  event: Omit<HashedContent, 'data' | 'metadata'>,
  dataJson: string,
  metadataJson: string,
): string {
  const canonical =
    `{"data":${dataJson},"id":${JSON.stringify(event.id)},"metadata":${metadataJson},` +
    `"recordedAt":"${event.recordedAt.toISOString()}","schemaVersion":${event.schemaVersion},` +
    `"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)}}`;
  // One-shot: no Hash object per event (issue #17: 2.8 against 4.2 µs for a 1 KB event). UTF-8, as before.
  return hash('sha256', canonical, 'hex');
}

/** hash(n) = SHA-256(hash(n-1) ‖ contentHash(n) ‖ revision as 8 bytes big-endian). */
export function chainHash(previousHash: string, content: string, revision: number): string {
  const revisionBytes = Buffer.alloc(8);
  revisionBytes.writeBigInt64BE(BigInt(revision));
  return createHash('sha256')
    .update(Buffer.from(previousHash, 'hex'))
    .update(Buffer.from(content, 'hex'))
    .update(revisionBytes)
    .digest('hex');
}

export interface ChainedEvent extends HashedContent {
  readonly revision: number;
  readonly hash: string;
}

export interface ChainBreak {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly reason: 'content-altered-or-chain-broken' | 'revision-gap';
  readonly expectedHash: string;
  readonly storedHash: string;
}

/** Walks a stream from revision 0 and names the first event whose stored hash does not follow. */
export function findFirstChainBreak(events: readonly ChainedEvent[]): ChainBreak | undefined {
  let previous = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const expected = chainHash(previous, contentHash(event), event.revision);
    if (event.revision !== index) {
      return { ...breakAt(event, expected), reason: 'revision-gap' };
    }
    if (expected !== event.hash)
      return { ...breakAt(event, expected), reason: 'content-altered-or-chain-broken' };
    previous = event.hash;
  }
  return undefined;
}

function breakAt(event: ChainedEvent, expectedHash: string): Omit<ChainBreak, 'reason'> {
  return {
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.id,
    expectedHash,
    storedHash: event.hash,
  };
}
