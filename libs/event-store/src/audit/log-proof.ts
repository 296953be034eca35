import type { KeyObject } from 'node:crypto';
import { chainHash, contentHash, GENESIS_HASH } from '../integrity/hash-chain.ts';
import { eventToJson } from '../io/event-json.ts';
import { EventStoreError } from '../port/errors.ts';
import type { RecordedEvent } from '../port/event-envelope.ts';
import type { EventStore } from '../port/event-store.ts';
import { hasValidSignature, isTreeHead, type LogCheckpoint } from './log-checkpoint.ts';
import type { PostgresLogCheckpointStore } from './log-checkpoint-store.ts';
import {
  consistencyPath,
  eventLeafHash,
  inclusionPath,
  verifyConsistency,
  verifyInclusion,
} from './merkle-tree.ts';

export const LOG_PROOF_FORMAT = 'zaitaku-merkle-proof';

/**
 * "This event is in the log the checkpoint signed, at this place": the event as stored, the hash of its
 * predecessor in its stream (so its own hash is recomputed from its content), and the audit path.
 */
export interface InclusionProof {
  readonly format: typeof LOG_PROOF_FORMAT;
  readonly version: 1;
  readonly kind: 'inclusion';
  readonly checkpoint: LogCheckpoint;
  readonly leafIndex: number;
  readonly event: Record<string, unknown>;
  readonly previousHash: string;
  readonly auditPath: readonly string[];
}

/** "The log signed at `to` is the log signed at `from` with events appended, nothing else changed." */
export interface ConsistencyProof {
  readonly format: typeof LOG_PROOF_FORMAT;
  readonly version: 1;
  readonly kind: 'consistency';
  readonly from: LogCheckpoint;
  readonly to: LogCheckpoint;
  readonly consistencyPath: readonly string[];
}

export type LogProof = InclusionProof | ConsistencyProof;

export async function proveInclusion(
  store: EventStore,
  checkpoints: PostgresLogCheckpointStore,
  eventId: string,
  checkpoint: LogCheckpoint,
): Promise<InclusionProof> {
  assertTreeHead(checkpoint);
  const leaf = await checkpoints.leafOfEvent(eventId);
  if (leaf === undefined || leaf.index >= checkpoint.eventCount) {
    throw new EventStoreError(
      'INVALID_READ_OPTIONS',
      `event ${eventId} is not among the ${checkpoint.eventCount} events signed by checkpoint ${checkpoint.sequence}`,
      { eventId, sequence: checkpoint.sequence },
    );
  }
  // Read after the previous leaf's position: positions are opaque (no arithmetic on them).
  let after = 0n;
  if (leaf.index > 0)
    for await (const before of checkpoints.leaves(leaf.index - 1, leaf.index))
      after = BigInt(before.position);
  const [event] = await store.readAll({ after, maxCount: 1 });
  if (event === undefined || event.id !== eventId) {
    throw new EventStoreError(
      'INVALID_READ_OPTIONS',
      `event ${eventId} was signed at position ${leaf.position}, but the log no longer holds it there (run audit verify)`,
      { eventId, position: leaf.position },
    );
  }
  return {
    format: LOG_PROOF_FORMAT,
    version: 1,
    kind: 'inclusion',
    checkpoint,
    leafIndex: leaf.index,
    event: eventToJson(event),
    previousHash: await previousHashOf(store, event),
    auditPath: inclusionPath(await leafHashes(checkpoints, checkpoint.eventCount), leaf.index),
  };
}

export async function proveConsistency(
  checkpoints: PostgresLogCheckpointStore,
  from: LogCheckpoint,
  to: LogCheckpoint,
): Promise<ConsistencyProof> {
  assertTreeHead(from);
  assertTreeHead(to);
  if (from.eventCount > to.eventCount) {
    throw new EventStoreError(
      'INVALID_READ_OPTIONS',
      `--from checkpoint ${from.sequence} (${from.eventCount} events) is larger than --to checkpoint ${to.sequence} (${to.eventCount} events)`,
    );
  }
  const leaves = await leafHashes(checkpoints, to.eventCount);
  return {
    format: LOG_PROOF_FORMAT,
    version: 1,
    kind: 'consistency',
    from,
    to,
    consistencyPath: consistencyPath(leaves, from.eventCount, to.eventCount),
  };
}

export interface ProofVerdict {
  readonly valid: boolean;
  /** What was proven, or each reason it was not. */
  readonly statements: readonly string[];
}

/** Offline: only the proof file and the public keys one trusts, no database. */
export function verifyLogProof(proof: unknown, publicKeys: ReadonlyMap<string, KeyObject>): ProofVerdict {
  const p = proof as Partial<LogProof> | null;
  if (p?.format !== LOG_PROOF_FORMAT || p.version !== 1)
    return refused(`not a ${LOG_PROOF_FORMAT} version 1 file`);
  if (p.kind === 'inclusion') return verifyInclusionProof(p as InclusionProof, publicKeys);
  if (p.kind === 'consistency') return verifyConsistencyProof(p as ConsistencyProof, publicKeys);
  return refused(`unknown proof kind ${JSON.stringify(p.kind)}`);
}

function verifyInclusionProof(
  proof: InclusionProof,
  publicKeys: ReadonlyMap<string, KeyObject>,
): ProofVerdict {
  const problems = signatureProblems(proof.checkpoint, publicKeys);
  const e = proof.event as Record<string, unknown> & { position?: string; hash?: string; revision?: number };
  let recomputed: string | undefined;
  try {
    recomputed = chainHash(
      String(proof.previousHash),
      contentHash({
        id: e.id as string,
        streamId: e.streamId as string,
        type: e.type as string,
        schemaVersion: e.schemaVersion as number,
        data: e.data,
        metadata: e.metadata as never,
        recordedAt: new Date(e.recordedAt as string),
      }),
      Number(e.revision),
    );
  } catch (error) {
    problems.push(`the event cannot be hashed: ${(error as Error).message}`);
  }
  if (recomputed !== undefined && recomputed !== e.hash)
    problems.push(`event ${String(e.id)} does not match its hash: its content or place was altered`);
  if (
    problems.length === 0 &&
    !verifyInclusion(
      eventLeafHash(recomputed!, String(e.position)),
      proof.leafIndex,
      proof.checkpoint.eventCount,
      proof.auditPath,
      proof.checkpoint.treeRoot!,
    )
  ) {
    problems.push(
      `the audit path does not lead from event ${String(e.id)} at position ${String(e.position)} (leaf ${proof.leafIndex}) to the tree head signed at checkpoint ${proof.checkpoint.sequence}`,
    );
  }
  if (problems.length > 0) return { valid: false, statements: problems };
  return {
    valid: true,
    statements: [
      `event ${String(e.id)} (${String(e.streamId)} revision ${String(e.revision)}, ${String(e.type)}) is leaf ${proof.leafIndex} at position ${String(e.position)} of the ${proof.checkpoint.eventCount}-event log signed at checkpoint ${proof.checkpoint.sequence} (${proof.checkpoint.recordedAt}, key ${proof.checkpoint.keyId.slice(0, 16)}…)`,
    ],
  };
}

function verifyConsistencyProof(
  proof: ConsistencyProof,
  publicKeys: ReadonlyMap<string, KeyObject>,
): ProofVerdict {
  const problems = [...signatureProblems(proof.from, publicKeys), ...signatureProblems(proof.to, publicKeys)];
  if (
    problems.length === 0 &&
    !verifyConsistency(
      proof.from.eventCount,
      proof.to.eventCount,
      proof.from.treeRoot!,
      proof.to.treeRoot!,
      proof.consistencyPath,
    )
  ) {
    problems.push(
      `the log signed at checkpoint ${proof.to.sequence} (${proof.to.eventCount} events) is not the one signed at checkpoint ${proof.from.sequence} (${proof.from.eventCount} events) with events appended`,
    );
  }
  if (problems.length > 0) return { valid: false, statements: problems };
  return {
    valid: true,
    statements: [
      `the ${proof.to.eventCount}-event log signed at checkpoint ${proof.to.sequence} extends the ${proof.from.eventCount}-event log signed at checkpoint ${proof.from.sequence}: nothing signed then was changed, removed or reordered`,
    ],
  };
}

function signatureProblems(
  checkpoint: LogCheckpoint | undefined,
  publicKeys: ReadonlyMap<string, KeyObject>,
): string[] {
  if (checkpoint === undefined || !isTreeHead(checkpoint))
    return ['the proof does not carry a version 2 checkpoint (a signed tree head)'];
  const key = publicKeys.get(checkpoint.keyId);
  if (key === undefined)
    return [
      `checkpoint ${checkpoint.sequence} is signed by key ${checkpoint.keyId}, not by the public key given`,
    ];
  if (!hasValidSignature(checkpoint, key))
    return [`checkpoint ${checkpoint.sequence}: the signature does not match: it was altered after signing`];
  return [];
}

function refused(reason: string): ProofVerdict {
  return { valid: false, statements: [reason] };
}

function assertTreeHead(checkpoint: LogCheckpoint): void {
  if (!isTreeHead(checkpoint)) {
    throw new EventStoreError(
      'INVALID_READ_OPTIONS',
      `checkpoint ${checkpoint.sequence} is a version 1 checkpoint (no Merkle tree head): proofs need a checkpoint recorded since`,
      { sequence: checkpoint.sequence },
    );
  }
}

async function leafHashes(checkpoints: PostgresLogCheckpointStore, size: number): Promise<string[]> {
  const hashes: string[] = [];
  for await (const leaf of checkpoints.leaves(0, size))
    hashes.push(eventLeafHash(leaf.eventHash, leaf.position));
  if (hashes.length !== size)
    throw new EventStoreError(
      'STORE_UNAVAILABLE',
      `audit.log_leaves holds ${hashes.length} of the ${size} leaves`,
    );
  return hashes;
}

async function previousHashOf(store: EventStore, event: RecordedEvent): Promise<string> {
  if (event.revision === 0) return GENESIS_HASH;
  const [previous] = await store.readStream(event.streamId, {
    fromRevision: event.revision - 1,
    maxCount: 1,
  });
  return previous?.hash ?? GENESIS_HASH;
}
