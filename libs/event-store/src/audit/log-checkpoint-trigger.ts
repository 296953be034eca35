import type { Clock } from '../port/clock.ts';
import type { EventStore } from '../port/event-store.ts';
import { EventStoreError } from '../port/errors.ts';
import { sleep } from '../retry/retry-policy.ts';
import type { CheckpointWitness } from './checkpoint-witness.ts';
import type { PostgresLogCheckpointStore } from './log-checkpoint-store.ts';
import { recordLogCheckpoint } from './log-checkpointer.ts';
import type { SigningKey } from './signing-key.ts';

/** Defaults of AUDIT_CHECKPOINT_EVERY_SECONDS and AUDIT_CHECKPOINT_EVERY_EVENTS. */
export const LOG_CHECKPOINT_DEFAULTS = { everySeconds: 60, everyEvents: 1_000 } as const;
/** How often the trigger looks at the tail at most. */
const LOOK_EVERY_MS = 1_000;

export interface LogCheckpointTriggerOptions {
  readonly store: EventStore;
  readonly checkpoints: PostgresLogCheckpointStore;
  readonly key: SigningKey;
  readonly witness?: CheckpointWitness;
  readonly clock: Clock;
  readonly everySeconds?: number;
  readonly everyEvents?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Keeps the unprotected tail short: signs a checkpoint as soon as `everyEvents` events wait unsigned,
 * or when the oldest unsigned event has waited `everySeconds` (whichever first). It looks at most once
 * a second, woken by appends. So an event readable in the log is signed, and witnessed, within
 * everySeconds + 1 s, or within a second of the everyEvents-th unsigned event. Several workers may
 * run one each: a checkpoint recorded concurrently is refused and simply not repeated.
 */
export class LogCheckpointTrigger {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly everyMs: number;
  private readonly everyEvents: number;

  constructor(private readonly options: LogCheckpointTriggerOptions) {
    this.everyMs = (options.everySeconds ?? LOG_CHECKPOINT_DEFAULTS.everySeconds) * 1000;
    this.everyEvents = options.everyEvents ?? LOG_CHECKPOINT_DEFAULTS.everyEvents;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /** One look at the tail; signs when due. Returns whether it signed. */
  async tick(): Promise<boolean> {
    const { store, checkpoints, clock } = this.options;
    const latest = await checkpoints.latest();
    const unsigned = await store.readAll({
      after: BigInt(latest?.position ?? 0),
      maxCount: this.everyEvents,
    });
    if (unsigned.length === 0) return false;
    const waited = clock.now().getTime() - unsigned[0]!.recordedAt.getTime();
    if (unsigned.length < this.everyEvents && waited < this.everyMs) return false;
    try {
      await recordLogCheckpoint(store, checkpoints, this.options.key, clock.now(), {
        witness: this.options.witness,
      });
    } catch (error) {
      if (!(error instanceof EventStoreError && error.code === 'WRONG_EXPECTED_REVISION')) throw error;
    }
    return true;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      const started = Date.now();
      try {
        await this.tick();
      } catch (error) {
        this.options.onError?.(error);
      }
      await sleep(Math.max(0, LOOK_EVERY_MS - (Date.now() - started)), signal);
      if (!signal.aborted) await this.options.store.waitForAppends(Math.min(this.everyMs, 5_000), signal);
    }
  }
}
