import type pg from 'pg';
import type { GlobalPosition, RecordedEvent } from '../port/event-envelope.ts';
import type { EventStore } from '../port/event-store.ts';
import type { PostgresCheckpointStore } from './checkpoint-store.ts';

export interface CatchUpSubscriptionOptions {
  /** Durable name of the checkpoint. */
  readonly name: string;
  readonly store: EventStore;
  readonly checkpoints: PostgresCheckpointStore;
  /** Applies one batch inside the transaction that also moves the checkpoint. */
  readonly handle: (events: readonly RecordedEvent[], tx: pg.PoolClient) => Promise<void>;
  readonly batchSize?: number;
  /** Longest wait for new events before polling again (default 500 ms). */
  readonly pollIntervalMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface SubscriptionStatus {
  readonly name: string;
  readonly position: GlobalPosition;
  readonly live: boolean;
  readonly eventsHandled: number;
}

/**
 * Reads the whole log from its durable checkpoint in batches, then stays live. Correctness rests on
 * two things: readAll only returns the stable prefix of the log (so "after the checkpoint" never
 * skips an event committed late), and each batch commits with its checkpoint (so nothing repeats).
 */
export class CatchUpSubscription {
  private readonly abort = new AbortController();
  private position: GlobalPosition = 0n;
  private live = false;
  private eventsHandled = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly options: CatchUpSubscriptionOptions) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  status(): SubscriptionStatus {
    return {
      name: this.options.name,
      position: this.position,
      live: this.live,
      eventsHandled: this.eventsHandled,
    };
  }

  /** Resolves once every event up to `position` has been handled (a reader waiting for its own write). */
  async waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.position < position) {
      if (Date.now() >= deadline || this.abort.signal.aborted) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return true;
  }

  private async run(): Promise<void> {
    const { store, checkpoints, name } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        this.position = await checkpoints.load(name);
        await this.follow(batchSize, signal);
      } catch (error) {
        if (signal.aborted) return;
        this.live = false;
        this.options.onError?.(error);
        await store.waitForAppends(1_000, signal); // back off, then resume from the durable checkpoint
      }
    }
  }

  private async follow(batchSize: number, signal: AbortSignal): Promise<void> {
    const { store, checkpoints, name, handle } = this.options;
    while (!signal.aborted) {
      const events = await store.readAll({ after: this.position, maxCount: batchSize });
      if (events.length > 0) {
        const last = events[events.length - 1]!.position;
        await checkpoints.commitBatch(name, this.position, last, (tx) => handle(events, tx));
        this.position = last;
        this.eventsHandled += events.length;
      }
      if (events.length < batchSize) {
        this.live = true;
        await store.waitForAppends(this.options.pollIntervalMs ?? 500, signal);
      }
    }
  }
}
