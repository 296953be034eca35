import type pg from 'pg';

/** One append, ready for the database (appendStatement's pieces). */
export interface QueuedAppend {
  readonly streamId: string;
  readonly category: string;
  readonly expected: string;
  /** The events as append_events takes them: a JSON array. */
  readonly payload: string;
  readonly recordedAt: Date;
  readonly eventCount: number;
  /** Approximate size of the payload, to keep one statement's JSON bounded. */
  readonly payloadLength: number;
}

export interface AppendedRow {
  readonly next_revision: string;
  readonly last_position: string;
}

export interface GroupCommitOptions {
  /** Statements (single appends or batches) in flight at once; appends arriving meanwhile queue. */
  readonly concurrency: number;
  /** At most this many appends, events and payload characters in one statement. */
  readonly maxAppends: number;
  readonly maxEvents: number;
  readonly maxPayloadLength: number;
}

/**
 * Two statements in flight: while one commits, the appends arriving meanwhile gather for the next.
 * bench:event-store on 2 cores (docs/benchmarks.md, issue #17), 8 writers, the appends of one turn
 * leaving together: 1.06–1.10 × the INSERT baseline with 2, 1.08–1.13 with 1; 32 writers 1.64–1.72.
 * One would do as well, but a lone append waiting in its slot for a stream lock that another
 * process's transaction holds would then hold up every append of this one. Also what the import uses.
 */
export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = {
  concurrency: 2,
  maxAppends: 32,
  maxEvents: 10_000,
  maxPayloadLength: 32 * 1024 * 1024,
};

interface Waiting {
  readonly append: QueuedAppend;
  readonly resolve: (row: AppendedRow) => void;
  readonly reject: (error: unknown) => void;
}

interface BatchRow {
  next_revision: string | null;
  last_position: string | null;
  error_state: string | null;
  error_detail: string | null;
  error_constraint: string | null;
  error_message: string | null;
}

/** Named: parsed and planned once per connection. */
const ALONE = {
  name: 'event_store.append_events',
  text: 'SELECT * FROM event_store.append_events($1, $2, $3, $4::jsonb, $5)',
};
const BATCH = { name: 'event_store.append_batch', text: 'SELECT * FROM event_store.append_batch($1::jsonb)' };

/**
 * Group commit (issue #17): the appends one process makes concurrently go to PostgreSQL as one
 * statement and one transaction (event_store.append_batch), so they share one commit and one round
 * trip. A statement leaves at the end of the event loop's turn in which its first append was made
 * (setImmediate), so the appends of one turn leave together: writers woken by one batch's answer come
 * back in the same turn, and sending the first of them alone at once split 8 writers into a lone
 * append and a batch of 7, in turn (0.82–0.90 × the INSERT baseline; leaving together, 1.06–1.10).
 * At most `concurrency` statements are in flight; appends that arrive meanwhile wait and leave
 * together in the next one. An append that finds itself alone goes alone (append_events). An
 * append to a stream that an earlier append of this process is still writing waits for it: a
 * process's appends to one stream reach PostgreSQL in call order, and two batches of this process
 * never contend for a stream lock.
 *
 * Each caller still gets its own outcome: every append in a batch is checked before anything is
 * written (schema.ts, migration 7), so a wrong expected revision or a reused event id refuses that
 * append only, with the error it would have got alone, and writes none of it. A batch never waits
 * for a lock: an append whose stream another transaction holds, and every append of a batch that
 * failed as a whole (nothing of it was written, or all of it if only the commit's answer was lost),
 * is made alone, outside the `concurrency` slots; event ids make that second attempt idempotent.
 * A lone append, though, is made in its slot and waits there for its stream's lock if another
 * transaction holds it (a multi-stream transaction of another process: one transaction's time).
 */
export class GroupCommit {
  private readonly queue: Waiting[] = [];
  /** Streams with an append of this process on its way, and how many. */
  private readonly streamsInFlight = new Map<string, number>();
  private inFlight = 0;
  private flushScheduled = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {}

  append(append: QueuedAppend): Promise<AppendedRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.drain();
    });
  }

  /** Sends what waits, at the end of this turn of the event loop, if a statement may leave. */
  private drain(): void {
    if (this.flushScheduled || this.inFlight >= this.options.concurrency || this.queue.length === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Sends what waits now, into every free slot. */
  private flush(): void {
    while (this.inFlight < this.options.concurrency) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  /** The oldest waiting appends whose streams no earlier append of this process is still writing. */
  private takeBatch(): Waiting[] {
    const { maxAppends, maxEvents, maxPayloadLength } = this.options;
    const batch: Waiting[] = [];
    const taken = new Set<string>();
    let events = 0;
    let length = 0;
    for (let i = 0; i < this.queue.length && batch.length < maxAppends;) {
      const waiting = this.queue[i]!;
      const { streamId, eventCount, payloadLength } = waiting.append;
      const fits =
        batch.length === 0 ||
        (events + eventCount <= maxEvents && length + payloadLength <= maxPayloadLength);
      if (!fits) break;
      if (this.streamsInFlight.has(streamId) && !taken.has(streamId)) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      batch.push(this.settling(waiting));
      taken.add(streamId);
      events += eventCount;
      length += payloadLength;
    }
    return batch;
  }

  /** Marks the append's stream in flight until its caller has its outcome. */
  private settling(waiting: Waiting): Waiting {
    const { streamId } = waiting.append;
    this.streamsInFlight.set(streamId, (this.streamsInFlight.get(streamId) ?? 0) + 1);
    const done = (): void => {
      const left = this.streamsInFlight.get(streamId)! - 1;
      if (left === 0) this.streamsInFlight.delete(streamId);
      else this.streamsInFlight.set(streamId, left);
      this.drain();
    };
    return {
      append: waiting.append,
      resolve: (row) => {
        done();
        waiting.resolve(row);
      },
      reject: (error) => {
        done();
        waiting.reject(error);
      },
    };
  }

  private async send(batch: readonly Waiting[]): Promise<void> {
    // Alone, append_events itself: no batch wrapper to pay for. It waits in its slot if another
    // transaction holds its stream, as an append held its pool connection before group commit.
    if (batch.length === 1) return this.alone(batch[0]!);
    let rows: BatchRow[];
    try {
      ({ rows } = await this.pool.query<BatchRow>({ ...BATCH, values: [batchPayload(batch)] }));
    } catch {
      for (const waiting of batch) void this.alone(waiting);
      return;
    }
    for (const [i, waiting] of batch.entries()) {
      const row = rows[i]!;
      if (row.error_state === null) {
        waiting.resolve({ next_revision: row.next_revision!, last_position: row.last_position! });
      } else if (row.error_state === 'ZE005') {
        void this.alone(waiting);
      } else {
        waiting.reject(
          Object.assign(new Error(row.error_message ?? row.error_state), {
            code: row.error_state,
            detail: row.error_detail ?? undefined,
            constraint: row.error_constraint ?? undefined,
          }),
        );
      }
    }
  }

  /** As before group commit: one statement, waiting for the stream's lock if another holds it. */
  private async alone({ append, resolve, reject }: Waiting): Promise<void> {
    try {
      const { rows } = await this.pool.query<AppendedRow>({
        ...ALONE,
        values: [append.streamId, append.category, append.expected, append.payload, append.recordedAt],
      });
      resolve(rows[0]!);
    } catch (error) {
      reject(error);
    }
  }
}

function batchPayload(batch: readonly Waiting[]): string {
  return `[${batch
    .map(
      ({ append: a }) =>
        `{"streamId":${JSON.stringify(a.streamId)},"category":${JSON.stringify(a.category)},"expected":${JSON.stringify(a.expected)},"recordedAt":"${a.recordedAt.toISOString()}","events":${a.payload}}`,
    )
    .join(',')}]`;
}
