import { EventStoreError } from './errors.ts';
import type { GlobalPosition } from './event-envelope.ts';
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

/** readStreams' ids: each a valid stream id (INVALID_STREAM_ID names it); duplicates read once. */
export function readStreamIdsOption(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalid('streamIds', typeof value, 'an array of stream ids');
  for (const streamId of value as unknown[]) assertStreamId(streamId as string);
  return [...new Set(value as string[])];
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
