import type { KeyObject } from 'node:crypto';
import { EVENT_STORE_LIMITS } from '../port/limits.ts';
import type { EventStore } from '../port/event-store.ts';
import type { AuditFinding } from './audit-finding.ts';
import { checkpointHash, type LogCheckpoint } from './log-checkpoint.ts';
import { LOG_GENESIS_HASH } from './log-hash.ts';
import { chainFinding, checkpointFindings, streamHeadFinding, type StreamChainHead } from './log-verifier.ts';

/** The default bound of one tail verification: the events read after the newest signed checkpoint. */
export const TAIL_VERIFICATION_MAX_EVENTS = 10_000;

export interface TailVerification {
  /** The newest signed checkpoint the verification started from (none: the log's first event). */
  readonly checkpoint: LogCheckpoint | undefined;
  /** Events after the checkpoint whose hash chain was checked. */
  readonly eventsChecked: number;
  /** Position of the last event checked (the checkpoint's position, or "0", when none was). */
  readonly checkedUpTo: string;
  /** False when the tail held more events than the bound: the rest is for the full `audit verify`. */
  readonly complete: boolean;
  readonly findings: readonly AuditFinding[];
}

/**
 * A verification of bounded cost, for a page an auditor opens (GET /audit/verification): the newest
 * signed checkpoint (its signature by a trusted key, its link to the checkpoint before it and that
 * one's signature), the stream heads it signed (still there, unchanged), and the hash chain of every
 * event after it, up to `maxEvents` (each stream's chain picked up from its stored predecessor). What
 * lies before the checkpoint is covered by its signature; `audit verify` (the CLI) replays the whole
 * log, the rolling hash, the Merkle tree and the witness.
 */
export async function verifySinceNewestCheckpoint(
  store: EventStore,
  newest: { readonly checkpoint?: LogCheckpoint; readonly previous?: LogCheckpoint },
  publicKeys: ReadonlyMap<string, KeyObject>,
  maxEvents = TAIL_VERIFICATION_MAX_EVENTS,
): Promise<TailVerification> {
  const { checkpoint, previous } = newest;
  const findings: AuditFinding[] = [];
  if (checkpoint !== undefined) {
    // The one before: its signature (its own place in the chain is the full verification's).
    if (previous !== undefined)
      findings.push(
        ...checkpointFindings(previous, previous.sequence, previous.previousCheckpointHash, publicKeys),
      );
    const previousHash = previous === undefined ? LOG_GENESIS_HASH : checkpointHash(previous);
    findings.push(...checkpointFindings(checkpoint, (previous?.sequence ?? 0) + 1, previousHash, publicKeys));
    for (const head of checkpoint.streamHeads) {
      const finding = streamHeadFinding(
        checkpoint.sequence,
        head,
        await standingAt(store, head.streamId, head.revision),
      );
      if (finding !== undefined) findings.push(finding);
    }
  }
  const heads = new Map<string, StreamChainHead | undefined>();
  let after = BigInt(checkpoint?.position ?? '0');
  let eventsChecked = 0;
  let complete = false;
  while (eventsChecked < maxEvents) {
    const batch = await store.readAll({
      after,
      maxCount: Math.min(maxEvents - eventsChecked, EVENT_STORE_LIMITS.maxReadCount),
    });
    for (const event of batch) {
      if (!heads.has(event.streamId))
        heads.set(event.streamId, await standingAt(store, event.streamId, event.revision - 1));
      const finding = chainFinding(heads.get(event.streamId), event);
      if (finding !== undefined) findings.push(finding);
      heads.set(event.streamId, { revision: event.revision, hash: event.hash });
      after = event.position;
      eventsChecked++;
    }
    if (batch.length === 0) {
      complete = true;
      break;
    }
  }
  if (!complete) complete = (await store.readAll({ after, maxCount: 1 })).length === 0;
  return { checkpoint, eventsChecked, checkedUpTo: after.toString(), complete, findings };
}

/**
 * The stream's event at `revision`, or its last one before it (a gap the chain check names); none when
 * the stream has no event up to there.
 */
async function standingAt(
  store: EventStore,
  streamId: string,
  revision: number,
): Promise<StreamChainHead | undefined> {
  if (revision < 0) return undefined;
  const [found] = await store.readStream(streamId, {
    direction: 'backwards',
    fromRevision: revision,
    maxCount: 1,
  });
  return found === undefined ? undefined : { revision: found.revision, hash: found.hash };
}
