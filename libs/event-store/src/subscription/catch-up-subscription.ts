import type { GlobalPosition, RecordedEvent } from '../port/event-envelope.ts';
import type { EventStore } from '../port/event-store.ts';
import { backoffDelay, sleep, type RetryPolicy } from '../retry/retry-policy.ts';

/**
 * Where a follower's checkpoint lives and how a batch is handled with it. `commit` must apply the
 * batch and move the checkpoint in ONE transaction (a crash keeps both or neither), and refuse to move
 * a checkpoint that is no longer at `from` (another follower of the same name moved it).
 */
export interface SubscriptionCheckpoint {
  /** The position to read after: at start and again after every failure. Undefined: do not follow. */
  load(): Promise<GlobalPosition | undefined>;
  /**
   * Handles `events`, the read of the log after `from`, and moves the checkpoint past them; returns the
   * checkpoint after it (which the next read starts after).
   */
  commit(
    from: GlobalPosition,
    events: readonly RecordedEvent[],
    batch?: BatchContext,
  ): Promise<GlobalPosition>;
}

/** What the follower knows of a batch as it hands it to the checkpoint. */
export interface BatchContext {
  /**
   * The batch was full: the follower is catching up and is already reading the next page, whose
   * commit follows at once. A checkpoint may then commit without waiting for the disk (handledCheckpoint
   * does): a crash of the database server itself can take back only the last such commits, effects and
   * checkpoint together, which are then handled again. False for the batch that reaches the head (and
   * every live batch): that commit waits for the disk, and with it every commit before it.
   */
  readonly catchingUp: boolean;
}

/** What the follower does after a failure: wait its backoff (the default), resume `now`, or `stop`. */
export type FailureDecision = 'backoff' | 'now' | 'stop';

export interface SubscriptionFailure {
  /** Consecutive failures, this one included. */
  readonly failures: number;
  /** The backoff before resuming from the checkpoint, unless the decision says otherwise. */
  readonly delayMs: number;
}

export interface CatchUpSubscriptionOptions {
  /** Names the follower in its status. */
  readonly name: string;
  readonly store: EventStore;
  readonly checkpoint: SubscriptionCheckpoint;
  /** Events per page read (default 500); live, each page is committed alone. */
  readonly batchSize?: number;
  /**
   * While catching up, a commit waits for this many pages unless the read reaches the head first, so
   * that the checkpoint's cost is paid once per several pages; 1: one page per commit. Default: the
   * pages of about EVENTS_PER_COMMIT events (1 from batch size 1,000, 2 at 500, 8 at 125 and below).
   */
  readonly maxPagesPerCommit?: number;
  /** Longest wait for appends once live, before reading again anyway (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Backoff after failures (default FOLLOWER_RETRY_POLICY); stops after `maxAttempts` in a row. */
  readonly retry?: RetryPolicy;
  readonly onError?: (
    error: unknown,
    failure: SubscriptionFailure,
  ) => FailureDecision | void | Promise<FailureDecision | void>;
}

/** Never gives up: a database or store outage is waited out, 200 ms, 400 ms … then every 10 s. */
export const FOLLOWER_RETRY_POLICY: RetryPolicy = {
  maxAttempts: Infinity,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  jitter: 0,
};

/** catching-up: reading full batches; live: at the head, waiting for appends; retrying: backing off. */
export type SubscriptionState = 'stopped' | 'starting' | 'catching-up' | 'live' | 'retrying';

export interface SubscriptionStatus {
  readonly name: string;
  readonly state: SubscriptionState;
  readonly position: GlobalPosition;
  readonly eventsHandled: number;
  /** Consecutive failures (0 once a read or a batch succeeds again). */
  readonly failures: number;
}

/**
 * THE follower of the log (projections run on it too): reads the whole log after its durable
 * checkpoint in batches, commits each batch with its checkpoint, then stays live, woken by appends.
 * Correctness rests on two things: readAll only returns the stable prefix of the log (so "after the
 * checkpoint" never skips an event committed late by a transaction still in flight), and each batch
 * commits with its checkpoint (so a crash repeats nothing and skips nothing: it resumes from the
 * checkpoint). Any failure backs off and resumes from the checkpoint as loaded again.
 *
 * Read-ahead: while catching up, the log is read page after page ahead of the commits (at most
 * `maxPagesPerCommit` pages waiting), and a commit takes that many pages, or fewer when the read
 * reaches the head (a page that is not full) first: reads never wait for a commit, and the checkpoint
 * is paid once per `maxPagesPerCommit` pages (issue #17: at batch size 100, 465 commits for 500 pages
 * when a commit took only the pages already read). Pages are taken in order and the read-ahead is
 * used only while each commit returns exactly the position its last event had; a commit that fails,
 * or returns another position (a rewound or moved checkpoint), drops it and the log is read again from
 * the checkpoint, so nothing of a later page is ever committed before the pages before it. stop() and
 * failures wait for a read in flight, so none outlives the follower.
 */
export class CatchUpSubscription {
  private abort = new AbortController();
  private position: GlobalPosition = 0n;
  private state: SubscriptionState = 'stopped';
  private eventsHandled = 0;
  private failures = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly options: CatchUpSubscriptionOptions) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    this.state = 'starting';
    this.running = this.run().finally(() => {
      this.running = undefined;
      this.state = 'stopped';
    });
  }

  /**
   * Finishes the batch in flight (or abandons a wait), waits for a page read ahead, and returns; the
   * checkpoint is committed (durable unless the checkpoint committed it asynchronously: BatchContext).
   */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  status(): SubscriptionStatus {
    return {
      name: this.options.name,
      state: this.state,
      position: this.position,
      eventsHandled: this.eventsHandled,
      failures: this.failures,
    };
  }

  private async run(): Promise<void> {
    const { checkpoint } = this.options;
    const retry = this.options.retry ?? FOLLOWER_RETRY_POLICY;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        const start = await checkpoint.load();
        if (start === undefined) return;
        this.position = start;
        this.state = 'catching-up';
        await this.follow(signal);
      } catch (error) {
        if (signal.aborted) return;
        this.failures++;
        const delayMs = backoffDelay(retry, this.failures);
        const decision = await this.options.onError?.(error, { failures: this.failures, delayMs });
        if (decision === 'stop' || this.failures >= retry.maxAttempts) return;
        this.state = 'retrying';
        if (decision !== 'now') await sleep(delayMs, signal);
      }
    }
  }

  private async follow(signal: AbortSignal): Promise<void> {
    const { checkpoint } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    const maxPagesPerCommit = this.options.maxPagesPerCommit ?? defaultPagesPerCommit(batchSize);
    while (!signal.aborted) {
      const reader = new PageReadAhead(this.options.store, this.position, batchSize, maxPagesPerCommit);
      let live = false;
      try {
        while (!signal.aborted) {
          const pages = await reader.take();
          const events = pages.length === 1 ? pages[0]! : pages.flat();
          const full = pages[pages.length - 1]!.length === batchSize;
          if (events.length > 0) {
            const read = events[events.length - 1]!.position;
            this.position = await checkpoint.commit(this.position, events, { catchingUp: full });
            this.eventsHandled += events.length;
            // A checkpoint that did not land where the read ended (rewound, moved by another follower):
            // the pages read ahead are dropped and the log is read again from where it stands.
            if (this.position !== read) break;
          }
          this.failures = 0;
          if (!full) {
            live = true;
            break;
          }
          this.state = 'catching-up';
        }
      } finally {
        await reader.close();
      }
      if (live && !signal.aborted) {
        this.state = 'live';
        await this.options.store.waitForAppends(this.options.pollIntervalMs ?? 500, signal);
      }
    }
  }
}

/**
 * Events one commit covers while catching up, by default. More pages per commit pay the checkpoint
 * less often, but hold more events at once: bench:replay (issue #17, heap collected before each side)
 * at batch 100, 1 page a commit ran at 0.64 × the store's own paged read and 8 pages at 0.88; at batch
 * 1,000, 1 page at 0.93, 2 at 0.84 and 8 at 0.71.
 */
const EVENTS_PER_COMMIT = 1_000;
const MAX_PAGES_PER_COMMIT = 8;

function defaultPagesPerCommit(batchSize: number): number {
  return Math.min(MAX_PAGES_PER_COMMIT, Math.max(1, Math.floor(EVENTS_PER_COMMIT / batchSize)));
}

/**
 * The log read ahead of the follower: page after page from `after`, each read as soon as the one
 * before it has come back full, at most `pagesPerTake` pages waiting to be taken, and taken that many
 * at a time. The read stops at the first page that is not full (the head) or the first failure, which
 * `take` then throws.
 */
class PageReadAhead {
  private readonly pages: RecordedEvent[][] = [];
  private failure: { error: unknown } | undefined;
  private ended = false;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly reading: Promise<void>;

  constructor(
    private readonly store: EventStore,
    after: GlobalPosition,
    private readonly batchSize: number,
    private readonly pagesPerTake: number,
  ) {
    this.reading = this.readFrom(after);
  }

  /**
   * `pagesPerTake` pages (waiting for them), or fewer when the read has ended (at the head, or on a
   * failure, thrown once no page read before it is left).
   */
  async take(): Promise<RecordedEvent[][]> {
    while (this.pages.length < this.pagesPerTake && !this.ended) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.pages.length === 0) {
      if (this.failure) throw this.failure.error;
      throw new Error('PageReadAhead: taken past the end of the read');
    }
    const taken = this.pages.splice(0, this.pagesPerTake);
    this.signal();
    return taken;
  }

  /** Stops reading and waits for a read in flight, so none outlives the follower. */
  async close(): Promise<void> {
    this.closed = true;
    this.signal();
    await this.reading;
  }

  private async readFrom(after: GlobalPosition): Promise<void> {
    try {
      while (!this.closed) {
        if (this.pages.length >= this.pagesPerTake) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        const page = await this.store.readAll({ after, maxCount: this.batchSize });
        if (this.closed) return;
        this.pages.push(page);
        this.signal();
        if (page.length < this.batchSize) return;
        after = page[page.length - 1]!.position;
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.ended = true;
      this.signal();
    }
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
