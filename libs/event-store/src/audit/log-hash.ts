import { createHash } from 'node:crypto';
import { GENESIS_HASH } from '../integrity/hash-chain.ts';

/** The log's rolling hash before its first event. */
export const LOG_GENESIS_HASH = GENESIS_HASH;

/**
 * rolling(n) = SHA-256(rolling(n−1) ‖ hash(n)) over every event in global order. Each event's own hash
 * already chains it within its stream; the rolling hash adds the order of the whole log, so an event
 * or a whole stream removed, or an event slipped in anywhere, changes every rolling hash after it.
 */
export function rollLogHash(previous: string, eventHash: string): string {
  return createHash('sha256')
    .update(Buffer.from(previous, 'hex'))
    .update(Buffer.from(eventHash, 'hex'))
    .digest('hex');
}
