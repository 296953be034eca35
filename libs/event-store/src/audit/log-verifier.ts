import type { KeyObject } from 'node:crypto';
import { chainHash, contentHash, GENESIS_HASH, type ChainedEvent } from '../integrity/hash-chain.ts';
import type { AuditFinding } from './audit-finding.ts';
import {
  checkpointHash,
  hasValidSignature,
  isTreeHead,
  type LogCheckpoint,
  type StreamHead,
} from './log-checkpoint.ts';
import { LOG_GENESIS_HASH, rollLogHash } from './log-hash.ts';
import { eventLeafHash, MerkleFrontier } from './merkle-tree.ts';

export interface VerifiableEvent extends ChainedEvent {
  readonly position: bigint;
}

export interface VerificationSummary {
  readonly events: number;
  readonly streams: number;
  readonly checkpoints: number;
  readonly findings: readonly AuditFinding[];
}

/** Where a stream stands: its last revision and that event's stored hash. */
export interface StreamChainHead {
  readonly revision: number;
  readonly hash: string;
}
type Head = StreamChainHead;

/**
 * The finding, if any, of one event against its stream's previous head (none: the stream starts here):
 * a revision out of sequence, or a stored hash that does not follow from the content and the previous
 * hash.
 */
export function chainFinding(
  previous: StreamChainHead | undefined,
  event: VerifiableEvent,
): AuditFinding | undefined {
  const head = previous ?? { revision: -1, hash: GENESIS_HASH };
  const position = event.position.toString();
  if (event.revision !== head.revision + 1) {
    return {
      kind: 'revision-gap',
      streamId: event.streamId,
      expectedRevision: head.revision + 1,
      foundRevision: event.revision,
      eventId: event.id,
      position,
    };
  }
  if (chainHash(head.hash, contentHash(event), event.revision) !== event.hash) {
    return {
      kind: 'event-altered',
      streamId: event.streamId,
      revision: event.revision,
      eventId: event.id,
      position,
    };
  }
  return undefined;
}

/**
 * Replays the log in global order once, in constant memory per stream: checks every stream's hash
 * chain, recomputes the rolling hash, and compares it with each signed checkpoint as the replay passes
 * the checkpoint's position. After a finding it resynchronizes on the stored hash, so one edit is one
 * finding, not a cascade.
 */
export class LogVerifier {
  private readonly streams = new Map<string, Head>();
  private readonly findings: AuditFinding[] = [];
  private readonly checkpoints: LogCheckpoint[];
  private next = 0;
  private rolling = LOG_GENESIS_HASH;
  private count = 0;
  private readonly tree = new MerkleFrontier();

  constructor(checkpoints: readonly LogCheckpoint[], publicKeys: ReadonlyMap<string, KeyObject>) {
    this.checkpoints = [...checkpoints].sort((a, b) => a.sequence - b.sequence);
    this.checkCheckpointChain(publicKeys);
  }

  event(event: VerifiableEvent): void {
    this.settleCheckpointsBefore(event.position);
    this.checkChain(event);
    this.rolling = rollLogHash(this.rolling, event.hash);
    this.tree.append(eventLeafHash(event.hash, event.position.toString()));
    this.count++;
  }

  finish(): VerificationSummary {
    this.settleCheckpointsBefore(undefined);
    return {
      events: this.count,
      streams: this.streams.size,
      checkpoints: this.checkpoints.length,
      findings: this.findings,
    };
  }

  private checkChain(event: VerifiableEvent): void {
    const finding = chainFinding(this.streams.get(event.streamId), event);
    if (finding !== undefined) this.findings.push(finding);
    this.streams.set(event.streamId, { revision: event.revision, hash: event.hash });
  }

  /** Compares every checkpoint at or below the position (all remaining ones at the end of the log). */
  private settleCheckpointsBefore(position: bigint | undefined): void {
    for (; this.next < this.checkpoints.length; this.next++) {
      const checkpoint = this.checkpoints[this.next]!;
      if (position !== undefined && BigInt(checkpoint.position) >= position) return;
      this.compare(checkpoint);
    }
  }

  private compare(checkpoint: LogCheckpoint): void {
    if (
      checkpoint.eventCount !== this.count ||
      checkpoint.rollingHash !== this.rolling ||
      (isTreeHead(checkpoint) && checkpoint.treeRoot !== this.tree.root())
    ) {
      this.findings.push({
        kind: 'checkpoint-mismatch',
        sequence: checkpoint.sequence,
        position: checkpoint.position,
        signedEventCount: checkpoint.eventCount,
        foundEventCount: this.count,
      });
    }
    for (const head of checkpoint.streamHeads) {
      const finding = streamHeadFinding(checkpoint.sequence, head, this.streams.get(head.streamId));
      if (finding !== undefined) this.findings.push(finding);
    }
  }

  private checkCheckpointChain(publicKeys: ReadonlyMap<string, KeyObject>): void {
    let previousHash = LOG_GENESIS_HASH;
    this.checkpoints.forEach((checkpoint, index) => {
      this.findings.push(...checkpointFindings(checkpoint, index + 1, previousHash, publicKeys));
      previousHash = checkpointHash(checkpoint);
    });
  }
}

/**
 * What is wrong with one signed checkpoint: a key not trusted, a signature that does not match, or a
 * place in the chain of checkpoints other than `expectedSequence` after the one hashing to
 * `previousHash` (LOG_GENESIS_HASH before the first).
 */
export function checkpointFindings(
  checkpoint: LogCheckpoint,
  expectedSequence: number,
  previousHash: string,
  publicKeys: ReadonlyMap<string, KeyObject>,
): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const sequence = checkpoint.sequence;
  const key = publicKeys.get(checkpoint.keyId);
  if (key === undefined) {
    findings.push({
      kind: 'checkpoint-unknown-key',
      sequence,
      detail: `signed by key ${checkpoint.keyId}, which is not among the trusted public keys`,
    });
  } else if (!hasValidSignature(checkpoint, key)) {
    findings.push({
      kind: 'checkpoint-signature-invalid',
      sequence,
      detail: 'the signature does not match the checkpoint: it was altered after signing',
    });
  }
  if (sequence !== expectedSequence || checkpoint.previousCheckpointHash !== previousHash) {
    findings.push({
      kind: 'checkpoint-chain-broken',
      sequence,
      detail:
        sequence !== expectedSequence
          ? `expected checkpoint ${expectedSequence} here: a checkpoint was removed`
          : 'does not chain to the checkpoint before it: one was replaced',
    });
  }
  return findings;
}

/**
 * A stream head a checkpoint signed against where the stream stands now (`found`: its event at the
 * signed revision, or its last one if it ends earlier; undefined: no event left): removed, truncated or
 * changed, or nothing wrong.
 */
export function streamHeadFinding(
  sequence: number,
  head: StreamHead,
  found: StreamChainHead | undefined,
): AuditFinding | undefined {
  const base = { sequence, streamId: head.streamId, signedRevision: head.revision };
  if (found === undefined) return { kind: 'stream-removed', ...base, foundRevision: null };
  if (found.revision < head.revision)
    return { kind: 'stream-truncated', ...base, foundRevision: found.revision };
  if (found.revision === head.revision && found.hash !== head.hash)
    return { kind: 'stream-head-changed', ...base, foundRevision: found.revision };
  return undefined;
}
