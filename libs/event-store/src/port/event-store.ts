import type { GlobalPosition, NewEvent, RecordedEvent } from './event-envelope.ts';
import type { ExpectedRevision } from './expected-revision.ts';
import type { ReadableLag } from './readable-lag.ts';

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  readonly nextRevision: number;
  /** Global position of the last event written (or already stored, for an idempotent retry). */
  readonly position: GlobalPosition;
  /** True when every event was already stored at that place: a retry, nothing written. */
  readonly alreadyStored: boolean;
}

export interface ReadStreamOptions {
  /** Forwards: first revision to return (default 0). Backwards: last revision to return (default end). */
  readonly fromRevision?: number;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface ReadStreamsOptions {
  /** At most this many events of each stream, from its first (default: all). */
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position (default: from the start). */
  readonly after?: GlobalPosition;
  readonly maxCount?: number;
  /** 'stable' (default) or 'committed': see ReadConsistency. */
  readonly consistency?: ReadConsistency;
}

/**
 * What a category read may return:
 * - `'stable'` (the default): the stable prefix only, as readAll and the subscriptions see it. No event
 *   can later appear before one already returned, so the last position read is a safe checkpoint; but a
 *   long-running appending transaction holds back events committed after it started (PostgreSQL:
 *   readableLag names it).
 * - `'committed'`: every event of the category committed when the read runs, in position order. For a
 *   decision (a command's lookups, a scheduled job), which must see what is committed now. Not a
 *   checkpoint: a transaction still running may later commit events at smaller positions.
 */
export type ReadConsistency = 'stable' | 'committed';

export type ReadCategoryOptions = ReadAllOptions;

export interface ReadByTagOptions {
  /** Exclusive: events strictly after this position (default: from the start). */
  readonly after?: GlobalPosition;
  /** Default EVENT_STORE_LIMITS.defaultReadCount, at most maxReadCount. */
  readonly maxCount?: number;
}

/** Tags to add to one event already stored (EventStore.tagEvents). */
export interface TagEntry {
  readonly position: GlobalPosition;
  readonly tags: readonly string[];
}

/**
 * The port every adapter implements and the contract suite (test/contract) proves.
 *
 * readAll and readCategory return only a prefix of the log that can no longer change: an event that
 * a still-running transaction will commit can never appear before one that was already returned.
 * That is what makes a checkpoint (the last position handled) safe. With `consistency: 'committed'`
 * they return every committed event instead: for decisions, and for a whole-log read once the writers
 * are done (a simulation's final hash), which must not wait on unrelated transactions.
 */
export interface EventStore {
  readonly name: string;
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Many streams at once, each forwards from revision 0 (at most `maxCount` events of each): a map
   * with an entry for every id asked, [] for a stream with no event. For a caller that must look at
   * thousands of streams before it decides (the past cases import). PostgreSQL: one indexed query per
   * thousand streams. KurrentDB: one read per stream.
   */
  readStreams(
    streamIds: readonly string[],
    options?: ReadStreamsOptions,
  ): Promise<Map<string, RecordedEvent[]>>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  readCategory(category: string, options?: ReadCategoryOptions): Promise<RecordedEvent[]>;
  /**
   * The events carrying `tag` (NewEvent.tags), in position order, strictly after `after`, at most
   * `maxCount` (default EVENT_STORE_LIMITS.defaultReadCount, at most maxReadCount): page on with the
   * last position returned. For decisions (a command's lookups, a scheduled job): it has the
   * 'committed' consistency of readCategory, every event committed when the read runs, so a position
   * read here is never a checkpoint. A tag nobody used returns []; one that breaks the tag rules
   * (NewEvent.tags) is INVALID_READ_OPTIONS.
   *
   * PostgreSQL: one indexed lookup (event_store.event_tags), written by the append itself in the same
   * transaction. KurrentDB: NOT indexed, a filtered scan of $all whose cost grows with the log.
   */
  readByTag(tag: string, options?: ReadByTagOptions): Promise<RecordedEvent[]>;
  /**
   * Adds tags to events already stored, by position: once, to backfill an existing log when the tag
   * definitions change (new events get theirs from the append). Idempotent: a tag an event already
   * carries is no error, so a backfill can be re-run. Tags are validated as in append (INVALID_EVENT,
   * naming e.g. `entries[0].tags[2]`); a position with no event is an EventStoreError
   * 'UNKNOWN_POSITION' naming it, and then nothing is tagged. Neither the events, their hashes nor
   * the log's order change. KurrentDB refuses it ('NOT_SUPPORTED'): its events are immutable.
   */
  tagEvents(entries: readonly TagEntry[]): Promise<void>;
  /** Position of the newest event that readAll can return now (0n for an empty log). */
  headPosition(): Promise<GlobalPosition>;
  /**
   * Adapters whose stable reads can lag their writes (PostgreSQL) say how far, and who holds them
   * back. Absent where reads are always consistent (KurrentDB).
   */
  readableLag?(): Promise<ReadableLag>;
  /** Resolves when events may have been appended since, or after the timeout: a hint, never a guarantee. */
  waitForAppends(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
