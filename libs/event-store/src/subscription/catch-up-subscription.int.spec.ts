import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '../port/clock.ts';
import type { GlobalPosition, NewEvent, RecordedEvent } from '../port/event-envelope.ts';
import type { EventStore, ReadAllOptions } from '../port/event-store.ts';
import { PostgresEventStore } from '../postgres/postgres-event-store.ts';
import { dropScratchDatabase, withDatabase } from '../postgres/testing-drop-database.ts';
import {
  CatchUpSubscription,
  type BatchContext,
  type SubscriptionCheckpoint,
} from './catch-up-subscription.ts';
import { PostgresCheckpointStore } from './checkpoint-store.ts';
import { handledCheckpoint } from './handled-checkpoint.ts';

/**
 * Read-ahead (issue #17): while a full batch is handled and committed, the follower already reads
 * the next pages, and a commit takes maxPagesPerCommit pages, or fewer at the head. These specs
 * prove that it changes nothing of what is committed: every event once, in order, each batch after
 * the one before; a failure, a rewound checkpoint or stop() drops the pages read ahead. A scratch database of its own, so that nothing else appends to the log read here.
 */
const serverUrl = process.env.DATABASE_URL!;
const meta = { actorId: 'writer', actorRole: 'system', correlationId: 'corr-read-ahead' };
const BATCH = 5;
const EVENTS = 23; // four full batches of 5, then 3

interface Commit {
  readonly from: GlobalPosition;
  readonly ids: string[];
  readonly catchingUp: boolean | undefined;
  /** The page after this batch was already asked for when the commit began. */
  readonly readAhead: boolean;
}

/** The store, every readAll observed: where it read after, how many are in flight; `gate` may hold one. */
function observed(
  store: EventStore,
  gate: (options: ReadAllOptions) => Promise<void> = async () => undefined,
): { store: EventStore; reads: GlobalPosition[]; inFlight: () => number } {
  const reads: GlobalPosition[] = [];
  let inFlight = 0;
  const readAll = async (options: ReadAllOptions): Promise<RecordedEvent[]> => {
    reads.push(BigInt(options.after ?? 0));
    inFlight++;
    try {
      await gate(options);
      return await store.readAll(options);
    } finally {
      inFlight--;
    }
  };
  return {
    store: new Proxy(store, {
      get: (target, property) => (property === 'readAll' ? readAll : Reflect.get(target, property)),
    }),
    reads,
    inFlight: () => inFlight,
  };
}

describe('CatchUpSubscription: reading the next page while a batch commits', () => {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 2 });
  const database = `zaitaku_ahead_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let store: PostgresEventStore;
  let pool: pg.Pool;
  let checkpoints: PostgresCheckpointStore;
  /** The log after `start`: EVENTS events in appends of 1–4, in position order. */
  let start: GlobalPosition;
  let log: RecordedEvent[];

  beforeAll(async () => {
    await admin.query(`CREATE DATABASE ${database}`);
    const url = withDatabase(serverUrl, database);
    store = await PostgresEventStore.open({ connectionString: url, clock: systemClock });
    pool = new pg.Pool({ connectionString: url, max: 4 });
    checkpoints = new PostgresCheckpointStore(pool);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await dropScratchDatabase(admin, database);
    await admin.end();
  });
  beforeEach(async () => {
    start = await store.headPosition();
    for (let i = 0, written = 0; written < EVENTS; i++) {
      const n = Math.min(1 + (i % 4), EVENTS - written);
      const events: NewEvent[] = Array.from({ length: n }, (_, j) => ({
        id: uuidv7(),
        type: 'ThingHappened',
        data: { i, j },
        metadata: meta,
      }));
      await store.append(`ahead-${uuidv7()}`, events, { expectedRevision: 'no_stream' });
      written += n;
    }
    log = await store.readAll({ after: start, maxCount: 1_000 });
  });

  const ids = (events: readonly RecordedEvent[]) => events.map((e) => e.id);
  const last = (events: readonly RecordedEvent[]) => events[events.length - 1]!.position;
  /** The log in batches of BATCH, as the follower must commit them. */
  const batches = () =>
    Array.from({ length: Math.ceil(EVENTS / BATCH) }, (_, b) => log.slice(b * BATCH, (b + 1) * BATCH));

  /** A follower of `name` from `start`, its commits recorded; resolves `done` once the head is committed. */
  async function follow(
    name: string,
    options: {
      store?: EventStore;
      reads?: GlobalPosition[];
      inner?: SubscriptionCheckpoint;
      onCommit?: (commit: Commit, subscription: CatchUpSubscription) => void;
      onCommitted?: (commit: Commit) => void;
      /** Pages one commit may take (the specs of one page per commit use 1). */
      maxPagesPerCommit?: number;
    } = {},
  ) {
    await checkpoints.reset(name, start);
    const commits: Commit[] = [];
    const committed: Commit[] = [];
    let reached!: () => void;
    const done = new Promise<void>((resolve) => (reached = resolve));
    const inner =
      options.inner ??
      handledCheckpoint(checkpoints, name, async () => {
        /* counts nothing: the commits are recorded around it */
      });
    const subscription: CatchUpSubscription = new CatchUpSubscription({
      name,
      store: options.store ?? store,
      batchSize: BATCH,
      maxPagesPerCommit: options.maxPagesPerCommit ?? 1,
      pollIntervalMs: 20,
      checkpoint: {
        load: inner.load,
        commit: async (from, events, batch?: BatchContext) => {
          const commit: Commit = {
            from,
            ids: ids(events),
            catchingUp: batch?.catchingUp,
            readAhead: options.reads?.includes(last(events)) ?? false,
          };
          commits.push(commit);
          options.onCommit?.(commit, subscription);
          const to = await inner.commit(from, events, batch);
          committed.push(commit);
          options.onCommitted?.(commit);
          if (to >= last(log)) reached();
          return to;
        },
      },
      onError: () => 'now',
    });
    subscription.start();
    return { subscription, commits, committed, done };
  }

  it('given 23 events and batches of 5, reads each next page while the batch before commits, and commits every event once, in order, each batch after the one before', async () => {
    const { store: watched, reads } = observed(store);
    const modes: string[] = [];
    const inner = handledCheckpoint(checkpoints, 'in-order', async (_events, tx) => {
      const { rows } = await tx.query<{ mode: string }>(
        "SELECT current_setting('synchronous_commit') AS mode",
      );
      modes.push(rows[0]!.mode);
    });
    const { subscription, committed, done } = await follow('in-order', { store: watched, reads, inner });
    await done;
    await subscription.stop();

    expect(committed.map((c) => c.ids)).toEqual(batches().map(ids));
    expect(committed.map((c) => c.from)).toEqual([start, ...batches().slice(0, -1).map(last)]);
    // Full batches: the next page was asked for before the commit began; the last (3 events) reached the head.
    expect(committed.map((c) => c.readAhead)).toEqual([true, true, true, true, false]);
    expect(committed.map((c) => c.catchingUp)).toEqual([true, true, true, true, false]);
    // Catching up, a batch commits without waiting for the disk; the one at the head waits for it.
    expect(modes).toEqual(['off', 'off', 'off', 'off', 'on']);
    expect(await checkpoints.load('in-order')).toBe(last(log));
  });

  it('given a failure while batch 2 is handled, the page read ahead (batch 3) is never committed: the follower resumes after batch 1 and commits batch 2, then the rest, each event once', async () => {
    const { store: watched, reads } = observed(store);
    let failures = 0;
    const inner = handledCheckpoint(checkpoints, 'failing', async (events) => {
      if (events[0]!.id === log[BATCH]!.id && failures++ === 0) throw new Error('handler failed on batch 2');
    });
    const { subscription, commits, committed, done } = await follow('failing', {
      store: watched,
      reads,
      inner,
    });
    await done;
    await subscription.stop();

    const [first, second, third] = batches();
    expect(failures).toBe(2);
    // The attempt that failed had batch 3 read ahead; the attempt after it starts again after batch 1.
    expect(commits[1]).toMatchObject({ from: last(first!), ids: ids(second!), readAhead: true });
    expect(commits[2]).toMatchObject({ from: last(first!), ids: ids(second!) });
    expect(commits[3]).toMatchObject({ from: last(second!), ids: ids(third!) });
    expect(committed.map((c) => c.ids)).toEqual(batches().map(ids));
    expect(committed.flatMap((c) => c.ids)).toEqual(ids(log));
    expect(await checkpoints.load('failing')).toBe(last(log));
  });

  it('given a read ahead that fails, the follower reads that page again after the checkpoint and commits every event once, in order', async () => {
    let failed = false;
    const { store: watched, reads } = observed(store, async (options) => {
      if (!failed && BigInt(options.after ?? 0) === last(batches()[1]!)) {
        failed = true;
        throw new Error('read ahead failed');
      }
    });
    const { subscription, committed, done } = await follow('read-failing', { store: watched, reads });
    await done;
    await subscription.stop();

    expect(failed).toBe(true);
    expect(committed.map((c) => c.ids)).toEqual(batches().map(ids));
    expect(await checkpoints.load('read-failing')).toBe(last(log));
  });

  it('given a commit that returns another checkpoint than the end of its batch (rewound to the start), drops the page read ahead and reads after the checkpoint returned', async () => {
    const { store: watched, reads } = observed(store);
    const name = 'rewound';
    const handled = handledCheckpoint(checkpoints, name, async () => undefined);
    let rewound = false;
    const inner: SubscriptionCheckpoint = {
      load: handled.load,
      commit: async (from, events, batch) => {
        const to = await handled.commit(from, events, batch);
        if (rewound || from === start) return to;
        rewound = true; // after batch 2, someone put the checkpoint back to the start
        await checkpoints.reset(name, start);
        return start;
      },
    };
    const { subscription, committed, done } = await follow(name, { store: watched, reads, inner });
    await done;
    await subscription.stop();

    const [first, second] = batches();
    expect(committed[1]).toMatchObject({ from: last(first!), ids: ids(second!), readAhead: true });
    expect(committed.slice(2).map((c) => c.ids)).toEqual(batches().map(ids));
    expect(committed[2]!.from).toBe(start);
  });

  it('given stop() while a batch commits and the next page is being read, returns once that read is over, with the batch committed and nothing after it', async () => {
    let released!: () => void;
    const release = new Promise<void>((resolve) => (released = resolve));
    const [first, second] = batches();
    const watched = observed(store, (options) =>
      BigInt(options.after ?? 0) === last(second!) ? release : Promise.resolve(),
    );
    let stopping!: (stopped: Promise<void>) => void;
    const stopped = new Promise<void>((resolve) => (stopping = resolve));
    const { committed } = await follow('stopped', {
      store: watched.store,
      reads: watched.reads,
      onCommit: (commit, subscription) => {
        if (commit.ids[0] === second![0]!.id) stopping(subscription.stop());
      },
      // The page after batch 2 is read only now, while the follower leaves its loop.
      onCommitted: (commit) => commit.ids[0] === second![0]!.id && released(),
    });
    await stopped;

    expect(watched.inFlight()).toBe(0);
    expect(committed.map((c) => c.ids)).toEqual([ids(first!), ids(second!)]);
    expect(committed[1]!.readAhead).toBe(true);
    expect(await checkpoints.load('stopped')).toBe(last(second!));
  });

  it('given maxPagesPerCommit 8 and a log of five pages, when followed from the start, then one commit takes all five (the read reaches the head before eight pages), not catching up', async () => {
    const { subscription, committed, done } = await follow('merged', { maxPagesPerCommit: 8 });
    await done;
    await subscription.stop();

    expect(committed.map((c) => c.ids)).toEqual([ids(log)]);
    expect(committed[0]).toMatchObject({ from: start, catchingUp: false });
    expect(await checkpoints.load('merged')).toBe(last(log));
  });

  it('given maxPagesPerCommit 2, when followed from the start, then each commit while catching up takes two pages, none is read more than two pages ahead of the commits, and the last commit takes the page at the head; every event once, in order', async () => {
    const watched = observed(store);
    const readsAtCommit: number[] = [];
    const { subscription, committed, done } = await follow('capped', {
      ...watched,
      onCommit: () => readsAtCommit.push(watched.reads.length),
      maxPagesPerCommit: 2,
    });
    await done;
    await subscription.stop();

    const [first, second, third, fourth, fifth] = batches();
    expect(committed.map((c) => c.ids)).toEqual([
      [...ids(first!), ...ids(second!)],
      [...ids(third!), ...ids(fourth!)],
      ids(fifth!),
    ]);
    expect(committed.map((c) => c.catchingUp)).toEqual([true, true, false]);
    // Pages asked for when each commit began: its own and at most two more (waiting, or one in flight).
    readsAtCommit.forEach((reads, k) => expect(reads).toBeLessThanOrEqual(2 * (k + 1) + 2));
    expect(await checkpoints.load('capped')).toBe(last(log));
  });
});
