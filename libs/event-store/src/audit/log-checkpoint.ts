import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../integrity/canonical-json.ts';
import type { FrontierNode } from './merkle-tree.ts';

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
  /**
   * 2: also a Merkle tree head (merkle-tree.ts) over the first `eventCount` events in position order.
   * Absent on the version 1 checkpoints written before, which keep verifying as they were signed.
   */
  readonly version?: 2;
  /** RFC 6962 tree head of the log's first `eventCount` events (version 2). */
  readonly treeRoot?: string;
  /** The tree's right edge, so the next checkpoint continues in O(log n) (version 2). */
  readonly frontier?: readonly FrontierNode[];
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

/** A version 2 checkpoint: a signed Merkle tree head. */
export function isTreeHead(
  checkpoint: UnsignedLogCheckpoint,
): checkpoint is UnsignedLogCheckpoint & { version: 2; treeRoot: string; frontier: readonly FrontierNode[] } {
  return (
    checkpoint.version === 2 && typeof checkpoint.treeRoot === 'string' && Array.isArray(checkpoint.frontier)
  );
}

function unsignedPart(checkpoint: UnsignedLogCheckpoint): UnsignedLogCheckpoint {
  const treeHead =
    checkpoint.version === undefined
      ? {}
      : {
          version: checkpoint.version,
          treeRoot: checkpoint.treeRoot,
          frontier: checkpoint.frontier?.map(({ level, hash }) => ({ level, hash })),
        };
  return {
    ...treeHead,
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
