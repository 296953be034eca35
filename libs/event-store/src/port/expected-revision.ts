import { EventStoreError } from './errors.ts';

/**
 * What the writer believes about the stream: it must not exist, it must exist, anything goes, or its
 * last event is at exactly this revision (revisions count from 0).
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export function assertExpectedRevision(value: unknown): asserts value is ExpectedRevision {
  if (value === 'no_stream' || value === 'stream_exists' || value === 'any') return;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return;
  throw new EventStoreError(
    'INVALID_EXPECTED_REVISION',
    `expectedRevision ${JSON.stringify(value) ?? String(value)}: expected 'no_stream', 'stream_exists', 'any' or a whole number ≥ 0`,
    { field: 'expectedRevision', value: String(value) },
  );
}
