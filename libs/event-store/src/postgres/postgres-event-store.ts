import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Clock } from '../port/clock.ts';
import type { GlobalPosition, NewEvent, RecordedEvent } from '../port/event-envelope.ts';
import type { ReadableLag, ReadableLagHolder } from '../port/readable-lag.ts';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadByTagOptions,
  ReadCategoryOptions,
  ReadStreamOptions,
  ReadStreamsOptions,
  TagEntry,
} from '../port/event-store.ts';
import { EventStoreError, IdempotencyConflictError, WrongExpectedRevisionError } from '../port/errors.ts';
import { assertExpectedRevision, type ExpectedRevision } from '../port/expected-revision.ts';
import { EVENT_STORE_LIMITS } from '../port/limits.ts';
import { prepareEvents, prepareTagEntries } from '../port/prepared-event.ts';
import { assertCategory, assertStreamId, categoryOf } from '../port/stream-id.ts';
import {
  readConsistencyOption,
  readCountOption,
  readPositionOption,
  readRevisionOption,
  readStreamsRequest,
  readTagOption,
} from '../port/read-options.ts';
import {
  DEFAULT_GROUP_COMMIT,
  GroupCommit,
  type GroupCommitOptions,
  type QueuedAppend,
} from './group-commit.ts';
import { migrateEventStore } from './migrate.ts';

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  readonly clock: Clock;
  readonly poolSize?: number;
  /** Run migrations on open (default true). */
  readonly migrate?: boolean;
  /** How concurrent appends share statements (group-commit.ts); `{ maxAppends: 1 }`: each alone. */
  readonly groupCommit?: Partial<GroupCommitOptions>;
  /** At most one NOTIFY to other processes this often (ms; default 25). */
  readonly notifyIntervalMs?: number;
}

const NOTIFY_CHANNEL = 'event_store_appended';
/**
 * At most one NOTIFY per process this often: NOTIFY serializes commits, so it stays off the append.
 * The first append after a quiet interval is announced at once, later ones at the interval's end.
 */
const NOTIFY_INTERVAL_MS = 25;
/** Only the stable prefix: every appending transaction below the bound has finished (schema.ts, version 4). */
const STABLE_BOUND = '(SELECT event_store.stable_bound() << 20)';
const COLUMNS = `global_position::text AS position, event_id, stream_id, revision::integer AS revision, event_type,
  schema_version, data, metadata, recorded_at, encode(hash, 'hex') AS hash`;

/** Streams per readStreams query: its array parameter stays small, each a walk of (stream_id, revision). */
const STREAMS_PER_READ = 1_000;

/**
 * readAll's statements: the bodies of event_store.read_all / read_all_committed (schema.ts), sent as
 * named statements rather than through the functions, whose SET clauses keep them from being inlined:
 * each page was materialised in the function before it was sent (issue #17: 0.91 × a raw read).
 */
const READ_ALL = {
  name: 'event_store.read_all',
  text: `SELECT ${COLUMNS} FROM event_store.events WHERE global_position > $1 AND global_position < ${STABLE_BOUND}
    ORDER BY global_position LIMIT $2`,
};
const READ_ALL_COMMITTED = {
  name: 'event_store.read_all_committed',
  text: `SELECT ${COLUMNS} FROM event_store.events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
};

/** Counting the events readAll cannot return yet stops here: the figure is a symptom, not a ledger. */
const MAX_LAG_EVENTS_COUNTED = 100_000;

/** One stream's part of a multi-stream append. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  revision: number;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
  hash: string;
}

export class PostgresEventStore implements EventStore {
  readonly name = 'postgresql';
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private listener: pg.Client | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;
  /** When the last NOTIFY left (performance.now()). */
  private notifiedAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly groupCommit: GroupCommit;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
    private readonly connectionString: string,
    groupCommit: Partial<GroupCommitOptions>,
    private readonly notifyIntervalMs: number,
  ) {
    this.groupCommit = new GroupCommit(pool, { ...DEFAULT_GROUP_COMMIT, ...groupCommit });
  }

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    pool.on('error', () => undefined); // an idle client's broken connection is replaced on next use
    if (options.migrate ?? true) await migrateEventStore(pool);
    return new PostgresEventStore(
      pool,
      options.clock,
      options.connectionString,
      options.groupCommit ?? {},
      options.notifyIntervalMs ?? NOTIFY_INTERVAL_MS,
    );
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const { append, eventIds } = preparedAppend(
      streamId,
      events,
      options?.expectedRevision,
      this.clock.now(),
    );
    try {
      const row = await this.groupCommit.append(append);
      this.signalAppended();
      return {
        nextRevision: Number(row.next_revision),
        position: BigInt(row.last_position),
        alreadyStored: false,
      };
    } catch (error) {
      if (!isRetryConflict(error)) throw mapAppendError(error);
      const stored = await this.findStoredBatch(streamId, eventIds, options.expectedRevision);
      if (stored) return stored;
      throw mapAppendError(error, streamId, options.expectedRevision);
    }
  }

  /**
   * Appends to several streams in ONE transaction: all of it or nothing. Every stream's lock is taken
   * first, in one order (no deadlock between two such appends), and only then the transaction id, so
   * positions grow with revisions in each stream (schema.ts, version 4). No idempotent-retry check:
   * a batch already stored is an IdempotencyConflictError.
   */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (!Array.isArray(appends) || appends.length === 0) {
      throw new EventStoreError('INVALID_EVENT', 'appends: a multi-stream append needs at least one stream', {
        field: 'appends',
      });
    }
    const recordedAt = this.clock.now();
    const statements = appends.map((a) =>
      appendStatement(a.streamId, a.events, a.expectedRevision, recordedAt),
    );
    const client = await this.pool.connect();
    let current: StreamAppend | undefined;
    try {
      await client.query('BEGIN');
      await client.query(lockStreamsStatement(appends.map((a) => a.streamId)));
      const results: AppendResult[] = [];
      for (const [i, statement] of statements.entries()) {
        current = appends[i];
        const { rows } = await client.query<AppendRow>(statement);
        results.push({
          nextRevision: Number(rows[0]!.next_revision),
          position: BigInt(rows[0]!.last_position),
          alreadyStored: false,
        });
      }
      await client.query('COMMIT');
      this.signalAppended();
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw mapAppendError(error, current?.streamId, current?.expectedRevision);
    } finally {
      client.release();
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const limit = readCountOption(options.maxCount, Number.MAX_SAFE_INTEGER);
    const from = readRevisionOption(options.fromRevision);
    const bound = from === undefined ? '' : backwards ? 'AND revision <= $2' : 'AND revision >= $2';
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM event_store.events WHERE stream_id = $1 ${bound}
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT ${limit === Number.MAX_SAFE_INTEGER ? 'ALL' : limit}`,
      from === undefined ? [streamId] : [streamId, from],
    );
    return rows.map(toRecordedEvent);
  }

  /** Each stream's first events by the (stream_id, revision) index, a thousand streams a statement. */
  async readStreams(
    streamIds: readonly string[],
    options: ReadStreamsOptions = {},
  ): Promise<Map<string, RecordedEvent[]>> {
    const { chunks, maxCount, streams } = readStreamsRequest(streamIds, options.maxCount, STREAMS_PER_READ);
    for (const chunk of chunks) {
      const { rows } = await this.pool.query<EventRow>(
        `SELECT e.* FROM unnest($1::text[]) AS s(id) CROSS JOIN LATERAL (
           SELECT ${COLUMNS} FROM event_store.events WHERE stream_id = s.id
            ORDER BY revision LIMIT ${maxCount === Number.MAX_SAFE_INTEGER ? 'ALL' : maxCount}) AS e`,
        [chunk],
      );
      for (const row of rows) streams.get(row.stream_id)!.push(toRecordedEvent(row));
    }
    return streams;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = readPositionOption(options.after);
    const limit = readCountOption(options.maxCount, EVENT_STORE_LIMITS.defaultReadCount);
    const read = readConsistencyOption(options.consistency) === 'committed' ? READ_ALL_COMMITTED : READ_ALL;
    const { rows } = await this.pool.query<EventRow>({ ...read, values: [after.toString(), limit] });
    return rows.map(toRecordedEvent);
  }

  /** The stable prefix by default; `consistency: 'committed'` drops that bound (schema.ts, migrations 2–3). */
  async readCategory(category: string, options: ReadCategoryOptions = {}): Promise<RecordedEvent[]> {
    assertCategory(category);
    const after = readPositionOption(options.after);
    const limit = readCountOption(options.maxCount, EVENT_STORE_LIMITS.defaultReadCount);
    const read =
      readConsistencyOption(options.consistency) === 'committed'
        ? 'read_category_committed'
        : 'read_category';
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM event_store.${read}($1, $2, $3)`,
      [category, after.toString(), limit],
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * One ordered walk of event_tags' primary key (tag, global_position), joined to the events by
   * position: committed consistency, like read_category_committed (schema.ts, version 5).
   */
  async readByTag(tag: string, options: ReadByTagOptions = {}): Promise<RecordedEvent[]> {
    const key = readTagOption(tag);
    const after = readPositionOption(options.after);
    const limit = readCountOption(options.maxCount, EVENT_STORE_LIMITS.defaultReadCount);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM event_store.read_by_tag($1, $2, $3)`,
      [key, after.toString(), limit],
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * One statement: every (tag, position) pair, ON CONFLICT DO NOTHING. A position with no event
   * violates event_tags' foreign key: the statement fails whole (nothing tagged) and the error names
   * the position. Tagging writes no event, so it neither takes the appender lock nor holds back
   * readers (stable_bound).
   */
  async tagEvents(entries: readonly TagEntry[]): Promise<void> {
    const pairs = prepareTagEntries(entries);
    if (pairs.length === 0) return;
    try {
      await this.pool.query(
        `INSERT INTO event_store.event_tags (tag, global_position)
         SELECT tag, global_position FROM unnest($1::text[], $2::bigint[]) AS t(tag, global_position)
         ON CONFLICT DO NOTHING`,
        [pairs.map((p) => p.tag), pairs.map((p) => p.position.toString())],
      );
    } catch (error) {
      throw mapTagError(error);
    }
  }

  async headPosition(): Promise<GlobalPosition> {
    const { rows } = await this.pool.query<{ head: string | null }>(
      `SELECT max(global_position)::text AS head FROM event_store.events WHERE global_position < ${STABLE_BOUND}`,
    );
    return BigInt(rows[0]?.head ?? 0);
  }

  /** How far the stable prefix lags the committed log, and the transaction it waits for (README). */
  async readableLag(): Promise<ReadableLag> {
    const { rows } = await this.pool.query<LagRow>(`
      WITH bound AS (SELECT event_store.stable_bound() AS xid),
      heads AS (
        SELECT bound.xid,
          (SELECT max(global_position) FROM event_store.events)::text AS written_head,
          (SELECT max(global_position) FROM event_store.events WHERE global_position < bound.xid << 20)::text AS readable_head,
          (SELECT count(*) FROM (SELECT 1 FROM event_store.events WHERE global_position >= bound.xid << 20
                                 LIMIT ${MAX_LAG_EVENTS_COUNTED}) AS waiting)::integer AS events,
          (SELECT recorded_at FROM event_store.events WHERE global_position >= bound.xid << 20
            ORDER BY global_position LIMIT 1) AS oldest_waiting
        FROM bound)
      SELECT heads.*, holder.pid, activity.datname, activity.application_name, activity.usename, activity.state,
             extract(epoch FROM clock_timestamp() - activity.xact_start)::float8 AS transaction_age,
             activity.backend_xid::text AS backend_xid, activity.backend_xmin::text AS backend_xmin
        FROM heads
        LEFT JOIN pg_locks holder ON holder.locktype = 'transactionid' AND holder.granted
                                 AND holder.transactionid = xid(heads.xid::text::xid8)
        LEFT JOIN pg_stat_activity activity ON activity.pid = holder.pid`);
    const row = rows[0]!;
    const oldest = row.oldest_waiting;
    return {
      writtenHead: BigInt(row.written_head ?? 0),
      readableHead: BigInt(row.readable_head ?? 0),
      events: row.events,
      seconds: oldest ? Math.max(0, (this.clock.now().getTime() - oldest.getTime()) / 1000) : 0,
      ...(row.pid === null || row.events === 0 ? {} : { holder: toHolder(row) }),
    };
  }

  async waitForAppends(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await this.ensureListening();
    if (signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.appended.off('appended', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.appended.once('appended', done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.notifyTimer);
    this.appended.emit('appended');
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  /**
   * Retries are checked only when an append fails, so the happy path costs nothing: the batch counts
   * as already stored when every id is in this stream, in order, at consecutive revisions that fit
   * the expected revision. Ids found anywhere else are a conflict, never silently accepted.
   */
  private async findStoredBatch(
    streamId: string,
    ids: readonly string[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    const { rows } = await this.pool.query<{
      event_id: string;
      stream_id: string;
      revision: number;
      position: string;
    }>(
      `SELECT event_id, stream_id, revision::integer AS revision, global_position::text AS position
       FROM event_store.events WHERE event_id = ANY ($1::uuid[]) ORDER BY stream_id, revision`,
      [ids],
    );
    if (rows.length === 0) return undefined;
    const first = rows[0]!.revision;
    const matches =
      rows.length === ids.length &&
      rows.every((r, i) => r.stream_id === streamId && r.event_id === ids[i] && r.revision === first + i) &&
      (expected === 'no_stream' ? first === 0 : typeof expected === 'number' ? first === expected + 1 : true);
    if (!matches) {
      throw new IdempotencyConflictError(
        streamId,
        rows[0]!.event_id,
        'this event id is already stored at another place (another stream, revision or batch)',
      );
    }
    const last = rows[rows.length - 1]!;
    return { nextRevision: last.revision, position: BigInt(last.position), alreadyStored: true };
  }

  /**
   * Wakes local waiters now, and other processes through a NOTIFY outside the append: at once after a
   * quiet interval, else one at the interval's end for every append made in it. (A NOTIFY that always
   * waited the interval out added its 25 ms to every read-your-writes in another process: `bench:api`'s
   * read-your-writes p50 33 ms at 50 commands/s.)
   */
  private signalAppended(): void {
    this.appended.emit('appended');
    if (this.notifyTimer || this.closed) return;
    const wait = this.notifiedAt + this.notifyIntervalMs - performance.now();
    if (wait <= 0) return this.notifyOthers();
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.notifyOthers();
    }, wait);
  }

  private notifyOthers(): void {
    this.notifiedAt = performance.now();
    if (!this.closed) this.pool.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`).catch(() => undefined);
  }

  /** A dedicated LISTEN connection; if it drops, waiters fall back to their timeout (polling). */
  private async ensureListening(): Promise<void> {
    if (this.listener || this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    this.listener = client;
    client.on('notification', () => this.appended.emit('appended'));
    client.on('error', () => {
      if (this.listener === client) this.listener = undefined;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch {
      if (this.listener === client) this.listener = undefined;
      await client.end().catch(() => undefined);
    }
  }
}

interface LagRow {
  written_head: string | null;
  readable_head: string | null;
  events: number;
  oldest_waiting: Date | null;
  pid: number | null;
  datname: string | null;
  application_name: string | null;
  usename: string | null;
  state: string | null;
  transaction_age: number | null;
  backend_xid: string | null;
  backend_xmin: string | null;
}

function toHolder(row: LagRow): ReadableLagHolder {
  return {
    pid: row.pid,
    database: row.datname,
    applicationName: row.application_name,
    user: row.usename,
    state: row.state,
    transactionAgeSeconds: row.transaction_age === null ? null : Math.round(row.transaction_age * 10) / 10,
    backendXid: row.backend_xid,
    backendXmin: row.backend_xmin,
  };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: BigInt(row.position),
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    hash: row.hash,
  };
}

/** A wrong expected revision or a reused event id may both be a retry of an append that succeeded. */
function isRetryConflict(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === 'ZE001' || (code === '23505' && constraint === 'events_event_id_key');
}

function mapAppendError(error: unknown, streamId?: string, expected?: ExpectedRevision): unknown {
  const { code, detail, constraint } = error as { code?: string; detail?: string; constraint?: string };
  if (code === 'ZE001' && streamId !== undefined && expected !== undefined) {
    const actual = Number(detail);
    return new WrongExpectedRevisionError(streamId, expected, actual < 0 ? 'no_stream' : actual);
  }
  if (code === '23505' && constraint === 'events_event_id_key' && streamId !== undefined) {
    return new IdempotencyConflictError(streamId, String(detail), 'this event id is already stored');
  }
  if (code === 'ZE003') return new EventStoreError('BATCH_TOO_LARGE', String((error as Error).message));
  return error;
}

/** event_tags' foreign key: "Key (global_position)=(123) is not present in table "events"." */
function mapTagError(error: unknown): unknown {
  const { code, constraint, detail } = error as { code?: string; constraint?: string; detail?: string };
  if (code !== '23503' || constraint !== 'event_tags_global_position_fkey') return error;
  const position = /\((\d+)\)/.exec(detail ?? '')?.[1] ?? 'unknown';
  return new EventStoreError(
    'UNKNOWN_POSITION',
    `entries: no event is stored at position ${position}; nothing was tagged`,
    { field: 'entries', position },
  );
}

interface AppendRow {
  next_revision: string;
  last_position: string;
}

/** An append validated and hashed, as group commit sends it (alone or with others). */
function preparedAppend(
  streamId: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
  recordedAt: Date,
): { append: QueuedAppend; eventIds: string[] } {
  assertStreamId(streamId);
  assertExpectedRevision(expectedRevision);
  const prepared = prepareEvents(streamId, events, recordedAt);
  // Built from the canonical pieces so data is serialized once; ids and types are validated ASCII.
  const payload = `[${prepared
    .map(
      (e) =>
        `{"id":"${e.id}","type":"${e.type}","schemaVersion":${e.schemaVersion},"contentHash":"${e.contentHash}","data":${e.dataJson},"metadata":${e.metadataJson}${e.tags.length > 0 ? `,"tags":${JSON.stringify(e.tags)}` : ''}}`,
    )
    .join(',')}]`;
  return {
    append: {
      streamId,
      category: categoryOf(streamId),
      expected: String(expectedRevision),
      payload,
      recordedAt,
      eventCount: prepared.length,
      payloadLength: payload.length,
    },
    eventIds: prepared.map((e) => e.id),
  };
}

/**
 * The append as one SQL statement, validated and hashed. Exported so that a caller (and the tests
 * that hold transactions open) can append inside its own transaction.
 */
export function appendStatement(
  streamId: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
  recordedAt: Date,
): { text: string; values: unknown[]; eventIds: string[] } {
  const { append, eventIds } = preparedAppend(streamId, events, expectedRevision, recordedAt);
  return {
    text: 'SELECT * FROM event_store.append_events($1, $2, $3, $4::jsonb, $5)',
    values: [append.streamId, append.category, append.expected, append.payload, append.recordedAt],
    eventIds,
  };
}

/**
 * Takes the locks of every stream a caller's transaction will append to, in one order, before its
 * first append (and so before its transaction id). Without it, a transaction appending to a second
 * stream may be refused with a serialization failure (40001) and must be retried.
 */
export function lockStreamsStatement(streamIds: readonly string[]): { text: string; values: unknown[] } {
  for (const streamId of streamIds) assertStreamId(streamId);
  return { text: 'SELECT event_store.lock_streams($1::text[])', values: [[...streamIds]] };
}
