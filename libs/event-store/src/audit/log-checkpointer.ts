import type { EventStore } from '../port/event-store.ts';
import { readHistory } from '../history/history-reader.ts';
import { checkpointHash, signLogCheckpoint, type LogCheckpoint, type StreamHead } from './log-checkpoint.ts';
import type { PostgresLogCheckpointStore } from './log-checkpoint-store.ts';
import { LOG_GENESIS_HASH, rollLogHash } from './log-hash.ts';
import type { SigningKey } from './signing-key.ts';

const PAGE = 1_000;

/**
 * Signs the log's head: continues the rolling hash from the previous checkpoint over the events
 * appended since, and records which streams those events left where. Returns the previous checkpoint
 * unchanged when nothing was appended since (no flood of identical checkpoints from an idle log).
 */
export async function recordLogCheckpoint(
  store: EventStore,
  checkpoints: PostgresLogCheckpointStore,
  key: SigningKey,
  now: Date,
): Promise<LogCheckpoint | undefined> {
  const previous = await checkpoints.latest();
  let position = BigInt(previous?.position ?? 0);
  let rolling = previous?.rollingHash ?? LOG_GENESIS_HASH;
  let eventCount = previous?.eventCount ?? 0;
  const heads = new Map<string, StreamHead>();
  for await (const event of readHistory(store, {}, PAGE, position)) {
    rolling = rollLogHash(rolling, event.hash);
    eventCount++;
    heads.set(event.streamId, { streamId: event.streamId, revision: event.revision, hash: event.hash });
    position = event.position;
  }
  if (heads.size === 0) return previous;
  const checkpoint = signLogCheckpoint(
    {
      sequence: (previous?.sequence ?? 0) + 1,
      position: position.toString(),
      eventCount,
      rollingHash: rolling,
      streamHeads: [...heads.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : 1)),
      previousCheckpointHash: previous === undefined ? LOG_GENESIS_HASH : checkpointHash(previous),
      recordedAt: now.toISOString(),
      keyId: key.keyId,
    },
    key.privateKey,
  );
  await checkpoints.append(checkpoint);
  return checkpoint;
}
