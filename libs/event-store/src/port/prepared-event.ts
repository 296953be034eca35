import { v7 as uuidv7, validate as isUuid } from 'uuid';
import { canonicalJson } from '../integrity/canonical-json.ts';
import { contentHashOfCanonical } from '../integrity/hash-chain.ts';
import type { EventMetadata, GlobalPosition, NewEvent } from './event-envelope.ts';
import type { TagEntry } from './event-store.ts';
import { EventStoreError, EventTooLargeError, InvalidEventError } from './errors.ts';
import { EVENT_STORE_LIMITS } from './limits.ts';

/** A NewEvent checked against the store's rules, with its id, canonical JSON and content hash. */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly contentHash: string;
  /** UTF-8 bytes of dataJson + metadataJson: what the limits count (a kanji is 3 bytes, not 1). */
  readonly bytes: number;
  /** NewEvent.tags, validated, duplicates dropped (first occurrence kept); not in the content hash. */
  readonly tags: readonly string[];
}

const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*$/;
const REQUIRED_METADATA = ['actorId', 'actorRole', 'correlationId'] as const;
const OPTIONAL_METADATA = ['causationId', 'reason', 'requestId', 'source'] as const;

/**
 * Validates a whole batch before anything is written, so bad input changes nothing.
 * recordedAt comes from the caller's clock and is part of the content hash.
 */
export function prepareEvents(
  streamId: string,
  events: readonly NewEvent[],
  recordedAt: Date,
): PreparedEvent[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError('events', 'an append needs a non-empty array of events');
  }
  if (events.length > EVENT_STORE_LIMITS.maxEventsPerAppend) {
    throw new EventStoreError(
      'BATCH_TOO_LARGE',
      `events: ${events.length} events exceed the limit of ${EVENT_STORE_LIMITS.maxEventsPerAppend} per append`,
      { field: 'events', count: events.length, limit: EVENT_STORE_LIMITS.maxEventsPerAppend },
    );
  }
  const prepared = events.map((event, i) => prepareEvent(streamId, event, `events[${i}]`, recordedAt));
  assertDistinctIds(prepared);
  assertBatchSize(prepared);
  return prepared;
}

function prepareEvent(streamId: string, event: NewEvent, path: string, recordedAt: Date): PreparedEvent {
  if (typeof event !== 'object' || event === null) throw new InvalidEventError(path, 'must be an object');
  const id = eventId(event.id, `${path}.id`);
  const type = eventType(event.type, `${path}.type`);
  const schemaVersion = eventSchemaVersion(event.schemaVersion, `${path}.schemaVersion`);
  const metadata = eventMetadata(event.metadata, `${path}.metadata`);
  const tags = eventTags(event.tags, `${path}.tags`);
  if (event.data === undefined)
    throw new InvalidEventError(`${path}.data`, 'is required (use null for no data)');
  const dataJson = canonicalJson(event.data, `${path}.data`);
  const metadataJson = canonicalJson(metadata, `${path}.metadata`);
  const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
  if (bytes > EVENT_STORE_LIMITS.maxEventBytes)
    throw new EventTooLargeError(path, bytes, EVENT_STORE_LIMITS.maxEventBytes);
  const hash = contentHashOfCanonical(
    { id, streamId, type, schemaVersion, recordedAt },
    dataJson,
    metadataJson,
  );
  return {
    id,
    type,
    schemaVersion,
    data: event.data,
    metadata,
    dataJson,
    metadataJson,
    contentHash: hash,
    bytes,
    tags,
  };
}

/**
 * NewEvent.tags (and TagEntry.tags) checked against the tag rules: an array of at most
 * maxTagsPerEvent non-empty strings of at most maxTagBytes UTF-8 bytes each, no NUL, no lone
 * surrogate. Duplicates collapse to one. Absent is no tags.
 */
export function eventTags(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new InvalidEventError(path, 'must be an array of strings when given', value);
  const { maxTagsPerEvent } = EVENT_STORE_LIMITS;
  const tags = new Set<string>();
  for (const [i, tag] of (value as unknown[]).entries()) {
    const reason = tagProblem(tag);
    if (reason) throw new InvalidEventError(`${path}[${i}]`, reason, tag);
    tags.add(tag as string);
  }
  if (tags.size > maxTagsPerEvent) {
    throw new InvalidEventError(path, `${tags.size} tags exceed the limit of ${maxTagsPerEvent} per event`, [
      ...tags,
    ]);
  }
  return [...tags];
}

/** Why `tag` breaks the tag rules (NewEvent.tags), or undefined when it keeps them. */
export function tagProblem(tag: unknown): string | undefined {
  const { maxTagBytes } = EVENT_STORE_LIMITS;
  if (typeof tag !== 'string' || tag === '') return 'must be a non-empty string';
  if (tag.includes('\u0000')) return 'may not contain the NUL character';
  if (!tag.isWellFormed()) return 'contains a lone UTF-16 surrogate';
  const bytes = Buffer.byteLength(tag);
  if (bytes > maxTagBytes) return `${bytes} UTF-8 bytes exceed the limit of ${maxTagBytes} bytes per tag`;
  return undefined;
}

function eventId(value: unknown, path: string): string {
  if (value === undefined) return uuidv7();
  if (typeof value !== 'string' || !isUuid(value)) throw new InvalidEventError(path, 'must be a UUID', value);
  return value.toLowerCase();
}

function eventType(value: unknown, path: string): string {
  if (
    typeof value !== 'string' ||
    !EVENT_TYPE.test(value) ||
    value.length > EVENT_STORE_LIMITS.maxEventTypeLength
  ) {
    throw new InvalidEventError(
      path,
      `must be a PascalCase name of ASCII letters and digits, at most ${EVENT_STORE_LIMITS.maxEventTypeLength} characters (e.g. "TrainingCompleted")`,
      value,
    );
  }
  return value;
}

function eventSchemaVersion(value: unknown, path: string): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidEventError(path, 'must be a whole number ≥ 1', value);
  }
  return value;
}

function eventMetadata(value: unknown, path: string): EventMetadata {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidEventError(path, `is required: ${REQUIRED_METADATA.join(', ')}`);
  }
  const record = value as Record<string, unknown>;
  for (const key of REQUIRED_METADATA) {
    if (typeof record[key] !== 'string' || record[key] === '') {
      throw new InvalidEventError(
        `${path}.${key}`,
        'is required and must be a non-empty string',
        record[key],
      );
    }
  }
  for (const key of OPTIONAL_METADATA) {
    if (record[key] !== undefined && typeof record[key] !== 'string') {
      throw new InvalidEventError(`${path}.${key}`, 'must be a string when given', record[key]);
    }
  }
  return value as EventMetadata;
}

function assertDistinctIds(events: readonly PreparedEvent[]): void {
  const seen = new Set<string>();
  for (const [i, event] of events.entries()) {
    if (seen.has(event.id))
      throw new InvalidEventError(`events[${i}].id`, 'appears twice in the same append', event.id);
    seen.add(event.id);
  }
}

function assertBatchSize(events: readonly PreparedEvent[]): void {
  const bytes = events.reduce((sum, e) => sum + e.bytes, 0);
  if (bytes > EVENT_STORE_LIMITS.maxAppendBytes) {
    throw new EventStoreError(
      'BATCH_TOO_LARGE',
      `events: ${bytes} bytes exceed the limit of ${EVENT_STORE_LIMITS.maxAppendBytes} bytes per append`,
      { field: 'events', bytes, limit: EVENT_STORE_LIMITS.maxAppendBytes },
    );
  }
}

/** One (position, tag) pair of a tagEvents call. */
export interface PreparedTag {
  readonly position: GlobalPosition;
  readonly tag: string;
}

/**
 * The entries of EventStore.tagEvents checked before anything is written: positions are bigints ≥ 1,
 * tags keep the rules of NewEvent.tags (named `entries[i].tags[j]`). Flattened to pairs, duplicates
 * dropped.
 */
export function prepareTagEntries(entries: readonly TagEntry[]): PreparedTag[] {
  if (!Array.isArray(entries))
    throw new InvalidEventError('entries', 'must be an array of { position, tags }');
  const pairs = new Map<string, PreparedTag>();
  for (const [i, entry] of (entries as unknown[]).entries()) {
    if (typeof entry !== 'object' || entry === null)
      throw new InvalidEventError(`entries[${i}]`, 'must be an object { position, tags }');
    const { position, tags } = entry as Partial<TagEntry>;
    if (typeof position !== 'bigint' || position < 1n)
      throw new InvalidEventError(
        `entries[${i}].position`,
        'must be a global position (bigint ≥ 1)',
        position,
      );
    for (const tag of eventTags(tags ?? null, `entries[${i}].tags`))
      pairs.set(`${position}\u0000${tag}`, { position, tag });
  }
  return [...pairs.values()];
}
