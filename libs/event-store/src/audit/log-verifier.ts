import type { KeyObject } from 'node:crypto';
import { chainHash, contentHash, GENESIS_HASH, type ChainedEvent } from '../integrity/hash-chain.ts';
import type { AuditFinding } from './audit-finding.ts';
import { checkpointHash, hasValidSignature, isTreeHead, type LogCheckpoint } from './log-checkpoint.ts';
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

interface Head {
  readonly revision: number;
  readonly hash: string;
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
    const previous = this.streams.get(event.streamId) ?? { revision: -1, hash: GENESIS_HASH };
    const position = event.position.toString();
    if (event.revision !== previous.revision + 1) {
      this.findings.push({
        kind: 'revision-gap',
        streamId: event.streamId,
        expectedRevision: previous.revision + 1,
        foundRevision: event.revision,
        eventId: event.id,
        position,
      });
    } else if (chainHash(previous.hash, contentHash(event), event.revision) !== event.hash) {
      this.findings.push({
        kind: 'event-altered',
        streamId: event.streamId,
        revision: event.revision,
        eventId: event.id,
        position,
      });
    }
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
      const found = this.streams.get(head.streamId);
      const base = { sequence: checkpoint.sequence, streamId: head.streamId, signedRevision: head.revision };
      if (found === undefined) this.findings.push({ kind: 'stream-removed', ...base, foundRevision: null });
      else if (found.revision < head.revision)
        this.findings.push({ kind: 'stream-truncated', ...base, foundRevision: found.revision });
      else if (found.revision === head.revision && found.hash !== head.hash)
        this.findings.push({ kind: 'stream-head-changed', ...base, foundRevision: found.revision });
    }
  }

  private checkCheckpointChain(publicKeys: ReadonlyMap<string, KeyObject>): void {
    let previousHash = LOG_GENESIS_HASH;
    this.checkpoints.forEach((checkpoint, index) => {
      const sequence = checkpoint.sequence;
      const key = publicKeys.get(checkpoint.keyId);
      if (key === undefined) {
        this.findings.push({
          kind: 'checkpoint-unknown-key',
          sequence,
          detail: `signed by key ${checkpoint.keyId}, which is not among the trusted public keys`,
        });
      } else if (!hasValidSignature(checkpoint, key)) {
        this.findings.push({
          kind: 'checkpoint-signature-invalid',
          sequence,
          detail: 'the signature does not match the checkpoint: it was altered after signing',
        });
      }
      if (sequence !== index + 1 || checkpoint.previousCheckpointHash !== previousHash) {
        this.findings.push({
          kind: 'checkpoint-chain-broken',
          sequence,
          detail:
            sequence !== index + 1
              ? `expected checkpoint ${index + 1} here: a checkpoint was removed`
              : 'does not chain to the checkpoint before it: one was replaced',
        });
      }
      previousHash = checkpointHash(checkpoint);
    });
  }
}
