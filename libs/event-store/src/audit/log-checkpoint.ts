import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../integrity/canonical-json.ts';

/** Where a stream stood when a checkpoint was signed. */
export interface StreamHead {
  readonly streamId: string;
  readonly revision: number;
  readonly hash: string;
}

/**
 * A signed statement "the log up to `position` held `eventCount` events with this rolling hash, and
 * these streams (those written since the previous checkpoint) ended here". Checkpoints chain to each
 * other by `previousCheckpointHash`, so a checkpoint cannot be dropped or replaced unnoticed either.
 */
export interface UnsignedLogCheckpoint {
  readonly sequence: number;
  /** Global position of the last event covered, as a decimal string ("0" for an empty log). */
  readonly position: string;
  readonly eventCount: number;
  readonly rollingHash: string;
  readonly streamHeads: readonly StreamHead[];
  readonly previousCheckpointHash: string;
  /** UTC ISO instant. */
  readonly recordedAt: string;
  /** SHA-256 of the signer's public key (SPKI DER), hex: which key to verify with. */
  readonly keyId: string;
}

export interface LogCheckpoint extends UnsignedLogCheckpoint {
  /** Ed25519 over the canonical JSON of the unsigned fields, base64. */
  readonly signature: string;
}

export function signLogCheckpoint(checkpoint: UnsignedLogCheckpoint, privateKey: KeyObject): LogCheckpoint {
  const signature = sign(null, Buffer.from(canonicalJson(unsignedPart(checkpoint)), 'utf8'), privateKey);
  return { ...unsignedPart(checkpoint), signature: signature.toString('base64') };
}

export function hasValidSignature(checkpoint: LogCheckpoint, publicKey: KeyObject): boolean {
  try {
    const message = Buffer.from(canonicalJson(unsignedPart(checkpoint)), 'utf8');
    return verify(null, message, publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Hash of a whole signed checkpoint: what the next checkpoint chains to. */
export function checkpointHash(checkpoint: LogCheckpoint): string {
  return createHash('sha256').update(canonicalJson(checkpoint), 'utf8').digest('hex');
}

function unsignedPart(checkpoint: UnsignedLogCheckpoint): UnsignedLogCheckpoint {
  return {
    sequence: checkpoint.sequence,
    position: checkpoint.position,
    eventCount: checkpoint.eventCount,
    rollingHash: checkpoint.rollingHash,
    streamHeads: checkpoint.streamHeads.map(({ streamId, revision, hash }) => ({ streamId, revision, hash })),
    previousCheckpointHash: checkpoint.previousCheckpointHash,
    recordedAt: checkpoint.recordedAt,
    keyId: checkpoint.keyId,
  };
}
