import type { AuditFinding } from './audit-finding.ts';
import { isTreeHead, type LogCheckpoint } from './log-checkpoint.ts';
import type { SignedLeaf } from './log-checkpoint-store.ts';
import type { VerifiableEvent } from './log-verifier.ts';
import { eventLeafHash, MerkleFrontier } from './merkle-tree.ts';

/**
 * Walks the stored leaves of the signed Merkle tree beside the log (both in position order) and names
 * every position where they disagree: the events of a swap, a moved, deleted or slipped-in event. The
 * leaves are trusted only if they rebuild every signed tree head: otherwise its findings are replaced
 * by one `signed-leaves-altered` (the rolling hash and tree head checks still stand).
 */
export class SignedLeafComparer {
  private readonly heads: LogCheckpoint[];
  private readonly limit: number;
  private readonly iterator: AsyncIterator<SignedLeaf>;
  private readonly tree = new MerkleFrontier();
  private readonly findings: AuditFinding[] = [];
  private untrusted: { sequence: number; detail: string } | undefined;
  private pending: SignedLeaf | undefined;
  private exhausted = false;

  /** `heads`: the signed tree heads whose signatures verified. */
  constructor(heads: readonly LogCheckpoint[], leaves: (limit: number) => AsyncIterable<SignedLeaf>) {
    this.heads = heads.filter(isTreeHead).sort((a, b) => a.eventCount - b.eventCount);
    this.limit = this.heads.at(-1)?.eventCount ?? 0;
    this.iterator = leaves(this.limit)[Symbol.asyncIterator]();
  }

  async event(event: VerifiableEvent): Promise<void> {
    for (;;) {
      const leaf = await this.peek();
      if (leaf === undefined) return; // past the signed tree: the unprotected tail
      const signedAt = BigInt(leaf.position);
      if (signedAt < event.position) {
        this.found('signed-event-missing', leaf, undefined);
        this.consume(leaf);
      } else if (signedAt === event.position) {
        if (leaf.eventHash !== event.hash) this.found('leaf-mismatch', leaf, event);
        this.consume(leaf);
        return;
      } else {
        this.found('unsigned-event-inserted', undefined, event);
        return;
      }
    }
  }

  async finish(): Promise<AuditFinding[]> {
    for (let leaf = await this.peek(); leaf !== undefined; leaf = await this.peek()) {
      this.found('signed-event-missing', leaf, undefined);
      this.consume(leaf);
    }
    if (this.untrusted === undefined && this.tree.size < this.limit) {
      const head = this.heads.find((h) => h.eventCount > this.tree.size)!;
      this.untrusted = {
        sequence: head.sequence,
        detail: `audit.log_leaves ends after ${this.tree.size} leaves; checkpoint ${head.sequence} signed ${head.eventCount}`,
      };
    }
    if (this.untrusted === undefined) return this.findings;
    return [{ kind: 'signed-leaves-altered', ...this.untrusted }];
  }

  private async peek(): Promise<SignedLeaf | undefined> {
    if (this.pending === undefined && !this.exhausted) {
      const next = await this.iterator.next();
      if (next.done === true) this.exhausted = true;
      else this.pending = next.value;
    }
    return this.pending;
  }

  private consume(leaf: SignedLeaf): void {
    this.pending = undefined;
    if (this.untrusted !== undefined) return;
    if (leaf.index !== this.tree.size) {
      this.untrusted = {
        sequence: 0,
        detail: `audit.log_leaves has leaf ${leaf.index} where ${this.tree.size} belongs`,
      };
      return;
    }
    this.tree.append(eventLeafHash(leaf.eventHash, leaf.position));
    for (const head of this.heads) {
      if (head.eventCount === this.tree.size && head.treeRoot !== this.tree.root()) {
        this.untrusted = {
          sequence: head.sequence,
          detail: `audit.log_leaves does not rebuild the tree head signed at checkpoint ${head.sequence}: it was altered, so the events involved cannot be named`,
        };
      }
    }
  }

  private found(
    kind: 'leaf-mismatch' | 'signed-event-missing' | 'unsigned-event-inserted',
    leaf: SignedLeaf | undefined,
    event: VerifiableEvent | undefined,
  ): void {
    this.findings.push({
      kind,
      position: leaf?.position ?? event!.position.toString(),
      leafIndex: leaf?.index ?? null,
      signedEventId: leaf?.eventId ?? null,
      foundEventId: event?.id ?? null,
      streamId: event?.streamId ?? null,
      revision: event?.revision ?? null,
    });
  }
}
