import { EventStoreError } from './errors.ts';
import type { GlobalPosition, RecordedEvent } from './event-envelope.ts';
import type { ReadConsistency } from './event-store.ts';
import { EVENT_STORE_LIMITS } from './limits.ts';
import { tagProblem } from './prepared-event.ts';
import { assertStreamId } from './stream-id.ts';

export function readCountOption(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < 1 ||
    value > EVENT_STORE_LIMITS.maxReadCount
  ) {
    throw invalid('maxCount', value, `a whole number from 1 to ${EVENT_STORE_LIMITS.maxReadCount}`);
  }
  return value;
}

export function readRevisionOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid('fromRevision', value, 'a whole number ≥ 0');
  }
  return value;
}

export function readPositionOption(value: unknown): GlobalPosition {
  if (value === undefined) return 0n;
  if (typeof value !== 'bigint' || value < 0n)
    throw invalid('after', value, 'a global position (bigint ≥ 0)');
  return value;
}

export function readTagOption(value: unknown): string {
  const problem = tagProblem(value);
  if (problem) throw invalid('tag', JSON.stringify(value), `a tag: ${problem}`);
  return value as string;
}

/**
 * readStreams' arguments checked (each id a valid stream id, INVALID_STREAM_ID naming it; duplicates
 * read once; maxCount as for readStream), the ids in chunks of `chunkSize` for the adapter to read,
 * and the answer with an empty entry per id for it to fill.
 */
export function readStreamsRequest(
  streamIds: unknown,
  maxCount: unknown,
  chunkSize: number,
): { chunks: string[][]; maxCount: number; streams: Map<string, RecordedEvent[]> } {
  if (!Array.isArray(streamIds)) throw invalid('streamIds', typeof streamIds, 'an array of stream ids');
  for (const streamId of streamIds as unknown[]) assertStreamId(streamId as string);
  const ids = [...new Set(streamIds as string[])];
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += chunkSize) chunks.push(ids.slice(i, i + chunkSize));
  return {
    chunks,
    maxCount: readCountOption(maxCount, Number.MAX_SAFE_INTEGER),
    streams: new Map(ids.map((id) => [id, []])),
  };
}

const CONSISTENCIES: readonly ReadConsistency[] = ['stable', 'committed'];

export function readConsistencyOption(value: unknown): ReadConsistency {
  if (value === undefined) return 'stable';
  if (!CONSISTENCIES.includes(value as ReadConsistency))
    throw invalid('consistency', value, `one of ${CONSISTENCIES.map((c) => `'${c}'`).join(', ')}`);
  return value as ReadConsistency;
}

function invalid(field: string, value: unknown, expected: string): EventStoreError {
  return new EventStoreError('INVALID_READ_OPTIONS', `${field} ${String(value)}: expected ${expected}`, {
    field,
    value: String(value),
  });
}
