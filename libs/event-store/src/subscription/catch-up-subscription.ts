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
  /** Events read and committed per transaction (default 500). */
  readonly batchSize?: number;
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
 * Read-ahead: while a full batch is handled and committed, the next page (after the batch's last
 * event) is already being read — one page ahead, never more. It is used only if the commit returns
 * exactly that position as the new checkpoint; a commit that fails, or returns another position (a
 * rewound or moved checkpoint), drops it, so nothing of a later batch is ever committed before the
 * batch before it. stop() and failures wait for a read in flight, so none outlives the follower.
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
    let ahead: PageRead | undefined;
    try {
      while (!signal.aborted) {
        const page = ahead?.after === this.position ? ahead : this.read(this.position, batchSize);
        ahead = undefined;
        const events = await page.events;
        const full = events.length === batchSize;
        if (full && !signal.aborted) ahead = this.read(events[events.length - 1]!.position, batchSize);
        if (events.length > 0) {
          this.position = await checkpoint.commit(this.position, events, { catchingUp: full });
          this.eventsHandled += events.length;
        }
        this.failures = 0;
        if (full) {
          this.state = 'catching-up';
        } else {
          this.state = 'live';
          await this.options.store.waitForAppends(this.options.pollIntervalMs ?? 500, signal);
        }
      }
    } finally {
      await ahead?.events.catch(() => undefined);
    }
  }

  /** A page of the log after `after`; its failure is seen by whoever awaits it, or by nobody (dropped). */
  private read(after: GlobalPosition, maxCount: number): PageRead {
    const events = this.options.store.readAll({ after, maxCount });
    events.catch(() => undefined);
    return { after, events };
  }
}

/** A read of the log in flight: the page after `after`. */
interface PageRead {
  readonly after: GlobalPosition;
  readonly events: Promise<RecordedEvent[]>;
}
