/**
 * Position of an event in the whole log. Opaque and strictly increasing in delivery order, but not
 * dense: compare positions, never do arithmetic on them.
 */
export type GlobalPosition = bigint;

/** Who did it, in which flow, and why. Persons are pseudonymous ids, never names (APPI). */
export interface EventMetadata {
  readonly actorId: string;
  readonly actorRole: string;
  /** Shared by every event caused by one request or job run. */
  readonly correlationId: string;
  /** The command or event that directly caused this one. */
  readonly causationId?: string;
  readonly reason?: string;
  readonly requestId?: string;
  /** Where a record entered from outside came from: `past-cases.csv:12 紙台帳 p.12` (the bulk import). */
  readonly source?: string;
}

/** What a writer hands to the store. */
export interface NewEvent<Data = unknown> {
  /** UUID (v7 preferred). Give it to make retries idempotent; the store generates one otherwise. */
  readonly id?: string;
  readonly type: string;
  /** Version of the event's data shape; upcasters turn older versions into the current one. */
  readonly schemaVersion?: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
  /**
   * Index keys of the event, e.g. `institution:H1` or `due:2026-12-01`: EventStore.readByTag finds the
   * event by any of them without replaying a category. At most EVENT_STORE_LIMITS.maxTagsPerEvent,
   * each a non-empty string of at most maxTagBytes UTF-8 bytes, no NUL and no lone surrogate;
   * duplicates count once. A derived index, not content: tags are not part of the content hash and
   * are not returned with the RecordedEvent.
   */
  readonly tags?: readonly string[];
}

/** What the store hands back: the event as recorded, with its place in the stream and the log. */
export interface RecordedEvent<Data = unknown> {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: GlobalPosition;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
  /** UTC, millisecond precision. */
  readonly recordedAt: Date;
  /** SHA-256 chaining this event to the previous event of its stream, hex. */
  readonly hash: string;
}
