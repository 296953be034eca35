import type { EventStore } from '../port/event-store.ts';
import { readHistory } from '../history/history-reader.ts';
import type { CheckpointWitness } from './checkpoint-witness.ts';
import {
  checkpointHash,
  isTreeHead,
  signLogCheckpoint,
  type LogCheckpoint,
  type StreamHead,
} from './log-checkpoint.ts';
import type { PostgresLogCheckpointStore, SignedLeaf } from './log-checkpoint-store.ts';
import { LOG_GENESIS_HASH, rollLogHash } from './log-hash.ts';
import { eventLeafHash, MerkleFrontier } from './merkle-tree.ts';
import type { SigningKey } from './signing-key.ts';

const PAGE = 1_000;
const LEAF_BATCH = 5_000;

export interface LogCheckpointOptions {
  /** Every checkpoint is also appended here (and any the witness misses is copied first). */
  readonly witness?: CheckpointWitness;
}

/**
 * Signs the log's head as a version 2 checkpoint: continues the rolling hash and the Merkle tree
 * (from the previous checkpoint's frontier: the cost grows with the events appended since, not with
 * the log) over the events appended since, records which streams those events left where, stores the
 * new leaves, and hands the signed checkpoint to the witness. After version 1 checkpoints the tree is
 * built once from the start of the log. Returns the previous checkpoint unchanged when nothing was
 * appended since (no flood of identical checkpoints from an idle log).
 */
export async function recordLogCheckpoint(
  store: EventStore,
  checkpoints: PostgresLogCheckpointStore,
  key: SigningKey,
  now: Date,
  options: LogCheckpointOptions = {},
): Promise<LogCheckpoint | undefined> {
  const previous = await checkpoints.latest();
  if (options.witness !== undefined && previous !== undefined)
    await copyMissedToWitness(checkpoints, options.witness, previous.sequence);
  const signedUpTo = BigInt(previous?.position ?? 0);
  let position = signedUpTo;
  let rolling = previous?.rollingHash ?? LOG_GENESIS_HASH;
  const resume = previous !== undefined && isTreeHead(previous);
  const tree = resume ? new MerkleFrontier(previous.eventCount, previous.frontier) : new MerkleFrontier();
  const heads = new Map<string, StreamHead>();
  let leaves: SignedLeaf[] = [];
  for await (const event of readHistory(store, {}, PAGE, resume ? signedUpTo : 0n)) {
    const leafPosition = event.position.toString();
    leaves.push({ index: tree.size, position: leafPosition, eventId: event.id, eventHash: event.hash });
    tree.append(eventLeafHash(event.hash, leafPosition));
    if (leaves.length >= LEAF_BATCH) {
      await checkpoints.appendLeaves(leaves);
      leaves = [];
    }
    if (event.position <= signedUpTo) continue; // rebuilding the tree under version 1 checkpoints
    rolling = rollLogHash(rolling, event.hash);
    heads.set(event.streamId, { streamId: event.streamId, revision: event.revision, hash: event.hash });
    position = event.position;
  }
  await checkpoints.appendLeaves(leaves);
  if (heads.size === 0) return previous;
  const checkpoint = signLogCheckpoint(
    {
      version: 2,
      sequence: (previous?.sequence ?? 0) + 1,
      position: position.toString(),
      eventCount: tree.size, // equal to the running count unless the log changed under a version 1 checkpoint
      rollingHash: rolling,
      treeRoot: tree.root(),
      frontier: tree.frontier,
      streamHeads: [...heads.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : 1)),
      previousCheckpointHash: previous === undefined ? LOG_GENESIS_HASH : checkpointHash(previous),
      recordedAt: now.toISOString(),
      keyId: key.keyId,
    },
    key.privateKey,
  );
  await checkpoints.append(checkpoint);
  await options.witness?.append(checkpoint);
  return checkpoint;
}

/** A checkpoint recorded while the witness was unreachable is witnessed late rather than never. */
async function copyMissedToWitness(
  checkpoints: PostgresLogCheckpointStore,
  witness: CheckpointWitness,
  latest: number,
): Promise<void> {
  for (let sequence = (await witness.latestSequence()) + 1; sequence <= latest; sequence++) {
    const missed = await checkpoints.bySequence(sequence);
    if (missed !== undefined) await witness.append(missed);
  }
}
