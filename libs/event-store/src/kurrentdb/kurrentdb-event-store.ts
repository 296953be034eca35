import {
  BACKWARDS,
  END,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendStreamState,
  type Position,
} from '@kurrent/kurrentdb-client';
import type { Clock } from '../port/clock.ts';
import { chainHash, GENESIS_HASH } from '../integrity/hash-chain.ts';
import type { EventMetadata, GlobalPosition, NewEvent, RecordedEvent } from '../port/event-envelope.ts';
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
import { EventStoreError, WrongExpectedRevisionError } from '../port/errors.ts';
import { assertExpectedRevision, type ExpectedRevision } from '../port/expected-revision.ts';
import { EVENT_STORE_LIMITS } from '../port/limits.ts';
import { prepareEvents, prepareTagEntries, type PreparedEvent } from '../port/prepared-event.ts';
import {
  readConsistencyOption,
  readCountOption,
  readPositionOption,
  readRevisionOption,
  readStreamsRequest,
  readTagOption,
} from '../port/read-options.ts';
import { assertCategory, assertStreamId } from '../port/stream-id.ts';

/** readStreams: reads in flight at once (one gRPC read each). */
const STREAMS_READ_AT_ONCE = 16;

export interface KurrentDbEventStoreOptions {
  readonly connectionString: string;
  readonly clock: Clock;
}

/**
 * Envelope fields KurrentDB has no column for travel in the event's metadata under `$zaitaku`; the
 * event's tags (NewEvent.tags), when it has any, under `$tags`. Both are stripped when read back.
 */
interface StoredMetadata extends EventMetadata {
  readonly $zaitaku: { schemaVersion: number; recordedAt: string; hash: string; wrapped?: boolean };
  readonly $tags?: readonly string[];
}

/**
 * KurrentDB adapter. Mapping:
 * - revisions are KurrentDB stream revisions; expected revisions map to NO_STREAM / STREAM_EXISTS / ANY / bigint;
 * - a global position packs the $all position exactly: (commit << 64) | prepare, so it orders like $all
 *   and converts back without loss (positions are bigint in the port; checkpoints are numeric);
 * - event ids are KurrentDB event ids, so the server's own idempotency makes retries no-ops;
 * - the hash chain is computed here from the stream's last event, with the append made conditional
 *   on that revision, so a concurrent writer makes us re-read rather than fork the chain.
 * It runs the same contract suite as PostgreSQL whenever KURRENTDB_URL is set.
 */
export class KurrentDbEventStore implements EventStore {
  readonly name = 'kurrentdb';

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly clock: Clock,
  ) {}

  static async open(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    const store = new KurrentDbEventStore(
      KurrentDBClient.connectionString(options.connectionString),
      options.clock,
    );
    await store.ping();
    return store;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertStreamId(streamId);
    assertExpectedRevision(options?.expectedRevision);
    const recordedAt = this.clock.now();
    const prepared = prepareEvents(streamId, events, recordedAt);
    for (let attempt = 0; ; attempt++) {
      const last = await this.lastEvent(streamId);
      const stored = await this.alreadyStored(streamId, prepared);
      if (stored) return stored;
      assertHolds(streamId, options.expectedRevision, last?.revision);
      const state: AppendStreamState = last ? BigInt(last.revision) : NO_STREAM;
      try {
        const result = await this.client.appendToStream(
          streamId,
          this.toEventData(prepared, recordedAt, last?.revision ?? -1, last?.hash ?? GENESIS_HASH),
          { streamState: state },
        );
        return {
          nextRevision: Number(result.nextExpectedRevision),
          position: result.position ? packPosition(result.position) : 0n,
          alreadyStored: false,
        };
      } catch (error) {
        // Someone appended between our read and our write: re-read (exact revisions fail right away above).
        if (error instanceof WrongExpectedVersionError && attempt < 5) continue;
        throw error;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const from = readRevisionOption(options.fromRevision);
    const backwards = options.direction === 'backwards';
    const maxCount = readCountOption(options.maxCount, Number.MAX_SAFE_INTEGER);
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: from === undefined ? (backwards ? END : START) : BigInt(from),
        maxCount,
      })) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /** One read per stream, a few at a time: KurrentDB reads no set of streams in one call. */
  async readStreams(
    streamIds: readonly string[],
    options: ReadStreamsOptions = {},
  ): Promise<Map<string, RecordedEvent[]>> {
    const { chunks, maxCount, streams } = readStreamsRequest(
      streamIds,
      options.maxCount,
      STREAMS_READ_AT_ONCE,
    );
    for (const chunk of chunks) {
      const read = await Promise.all(chunk.map((id) => this.readStream(id, { maxCount })));
      chunk.forEach((id, j) => streams.set(id, read[j]!));
    }
    return streams;
  }

  /** Both consistencies read the same: $all is commit-ordered, so what is committed is already stable. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    readConsistencyOption(options.consistency);
    return this.readAllFiltered(options, () => true);
  }

  /** Both consistencies read the same: $all is commit-ordered, so what is committed is already stable. */
  async readCategory(category: string, options: ReadCategoryOptions = {}): Promise<RecordedEvent[]> {
    assertCategory(category);
    readConsistencyOption(options.consistency);
    return this.readAllFiltered(options, (streamId) => streamId.startsWith(`${category}-`));
  }

  /**
   * NOT indexed on KurrentDB: the tags travel in each event's metadata (`$tags`) and this reads $all
   * forwards from `after`, keeping the events that carry `tag`, until maxCount match or the log ends.
   * Its cost grows with the log after `after`, not with the matches; an index would need a
   * server-side projection (a stream per tag of link events). $all is commit-ordered, so what it
   * returns is committed and stable.
   */
  async readByTag(tag: string, options: ReadByTagOptions = {}): Promise<RecordedEvent[]> {
    const key = readTagOption(tag);
    const after = readPositionOption(options.after);
    const limit = readCountOption(options.maxCount, EVENT_STORE_LIMITS.defaultReadCount);
    const events: RecordedEvent[] = [];
    for await (const resolved of this.client.readAll({
      fromPosition: after === 0n ? START : unpackPosition(after),
      direction: FORWARDS,
      filter: excludeSystemEvents(),
    })) {
      const event = resolved.event;
      if (!event?.position || packPosition(event.position) <= after) continue;
      if (!((event.metadata as Partial<StoredMetadata> | undefined)?.$tags ?? []).includes(key)) continue;
      events.push(toRecordedEvent(event));
      if (events.length === limit) break;
    }
    return events;
  }

  /** Refused: KurrentDB's events are immutable, so tags cannot be added after the append. */
  async tagEvents(entries: readonly TagEntry[]): Promise<void> {
    prepareTagEntries(entries);
    throw new EventStoreError(
      'NOT_SUPPORTED',
      'tagEvents: backfilling tags is not supported on KurrentDB (its events are immutable); tags come only with the append',
      { operation: 'tagEvents', store: this.name },
    );
  }

  async headPosition(): Promise<GlobalPosition> {
    for await (const resolved of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      filter: excludeSystemEvents(),
    })) {
      if (resolved.event?.position) return packPosition(resolved.event.position);
    }
    return 0n;
  }

  async waitForAppends(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }

  async ping(): Promise<void> {
    for await (const _ of this.client.readAll({ maxCount: 1, fromPosition: START })) break;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /** $all is commit-ordered in KurrentDB, so every page is already a stable prefix. */
  private async readAllFiltered(
    options: ReadAllOptions,
    keep: (streamId: string) => boolean,
  ): Promise<RecordedEvent[]> {
    const after = readPositionOption(options.after);
    const limit = readCountOption(options.maxCount, EVENT_STORE_LIMITS.defaultReadCount);
    const events: RecordedEvent[] = [];
    for await (const resolved of this.client.readAll({
      fromPosition: after === 0n ? START : unpackPosition(after),
      direction: FORWARDS,
      filter: excludeSystemEvents(),
      maxCount: limit + 1,
    })) {
      const event = resolved.event;
      if (!event?.position || packPosition(event.position) <= after || !keep(event.streamId)) continue;
      events.push(toRecordedEvent(event));
      if (events.length === limit) break;
    }
    return events;
  }

  private async lastEvent(streamId: string): Promise<RecordedEvent | undefined> {
    return (await this.readStream(streamId, { direction: 'backwards', maxCount: 1 }))[0];
  }

  /** A retry: every event id is already in the stream, in order, consecutively. */
  private async alreadyStored(
    streamId: string,
    prepared: readonly PreparedEvent[],
  ): Promise<AppendResult | undefined> {
    const recent = await this.readStream(streamId, {
      direction: 'backwards',
      maxCount: Math.min(prepared.length + 1000, 10_000),
    });
    const index = recent.findIndex((e) => e.id === prepared[prepared.length - 1]!.id);
    if (index < 0) return undefined;
    const run = recent.slice(index, index + prepared.length).reverse();
    if (run.map((e) => e.id).join() !== prepared.map((e) => e.id).join()) return undefined;
    const last = recent[index]!;
    return { nextRevision: last.revision, position: last.position, alreadyStored: true };
  }

  private toEventData(
    prepared: readonly PreparedEvent[],
    recordedAt: Date,
    lastRevision: number,
    lastHash: string,
  ) {
    let previous = lastHash;
    return prepared.map((event, i) => {
      const hash = chainHash(previous, event.contentHash, lastRevision + 1 + i);
      previous = hash;
      const wrapped = typeof event.data !== 'object' || event.data === null;
      const metadata: StoredMetadata = {
        ...event.metadata,
        $zaitaku: {
          schemaVersion: event.schemaVersion,
          recordedAt: recordedAt.toISOString(),
          hash,
          ...(wrapped ? { wrapped } : {}),
        },
        ...(event.tags.length > 0 ? { $tags: event.tags } : {}),
      };
      return jsonEvent({
        id: event.id,
        type: event.type,
        data: (wrapped ? { value: event.data } : event.data) as Record<string, unknown>,
        metadata,
      });
    });
  }
}

function assertHolds(streamId: string, expected: ExpectedRevision, actual: number | undefined): void {
  const holds =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    expected === actual;
  if (!holds) throw new WrongExpectedRevisionError(streamId, expected, actual ?? 'no_stream');
}

export function packPosition(position: Position): GlobalPosition {
  return (position.commit << 64n) | position.prepare;
}

export function unpackPosition(position: GlobalPosition): Position {
  return { commit: position >> 64n, prepare: position & ((1n << 64n) - 1n) };
}

interface KurrentRecorded {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

function toRecordedEvent(event: KurrentRecorded): RecordedEvent {
  const { $zaitaku, $tags, ...metadata } = event.metadata as StoredMetadata;
  void $tags; // an index key, not metadata
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: event.position ? packPosition(event.position) : 0n,
    type: event.type,
    schemaVersion: $zaitaku.schemaVersion,
    data: $zaitaku.wrapped ? (event.data as { value: unknown }).value : event.data,
    metadata,
    recordedAt: new Date($zaitaku.recordedAt),
    hash: $zaitaku.hash,
  };
}
