import type { EventStore, GlobalPosition, RecordedEvent } from '#event-store';
import type { DataSource } from 'typeorm';
import {
  advanceCheckpoint,
  insertCheckpointIfMissing,
  lockCheckpoint,
  rewindCheckpoint,
  setCheckpointStatus,
} from './checkpoint-table.ts';
import { applyEvents, assertProjector, type Projector } from './projector.ts';
import { ProjectorError } from './projector-error.ts';
import type { ProjectionState, ProjectionStatus } from './projection-status.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs, sleep, type RetryPolicy } from './retry-policy.ts';
import { isTransientDatabaseError } from './transient-error.ts';

/** What the runner says about itself; Nest's Logger fits. */
export interface ProjectionLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly projector: Projector;
  /** Events read and committed per transaction (default 100). */
  readonly batchSize?: number;
  /** Longest wait for appends once live, before reading again anyway (default 1000 ms). */
  readonly idleWaitMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Where a new or rebuilt projection starts (exclusive; default 0n, the whole log). */
  readonly startPosition?: GlobalPosition;
  readonly logger?: ProjectionLogger;
}

/** What one batch did: `position` is the checkpoint after it (behind `from` if someone rewound it). */
export interface BatchOutcome {
  readonly applied: number;
  /** Events of the batch at or below the checkpoint, left alone (a replay). */
  readonly skipped: number;
  readonly position: GlobalPosition;
}

const silentLogger: ProjectionLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The stored version moved under a running runner (a rebuild elsewhere): prepare again. */
class CheckpointVersionChanged extends Error {}

/**
 * Runs one projector: reads the log after its checkpoint in batches, applies each batch and moves the
 * checkpoint in ONE transaction (so a crash keeps both or neither), then follows the log live.
 *
 * - Replays change nothing: the batch locks the checkpoint row and skips events at or below it, so a
 *   second runner of the same projection (another worker replica) never applies an event twice.
 * - A projector that throws: the batch rolls back and is retried with exponential backoff; after
 *   `retry.maxAttempts` the projection is parked (status `parked`, in memory and in the checkpoint row)
 *   — never skipped. Database outages are retried without limit.
 * - A higher projector version rebuilds: `reset`, checkpoint back to the start, in one transaction.
 */
export class ProjectionRunner {
  private readonly projector: Projector;
  private readonly eventTypes: ReadonlySet<string>;
  private readonly batchSize: number;
  private readonly retry: RetryPolicy;
  private readonly logger: ProjectionLogger;
  private abort = new AbortController();
  private running: Promise<void> | undefined;
  private position: GlobalPosition = 0n;
  private state: ProjectionState = 'stopped';
  private eventsApplied = 0;
  private failures = 0;
  private lastError: string | undefined;
  private failedPosition: GlobalPosition | undefined;
  /** Consecutive infrastructure failures (database or store down), for the backoff. */
  private outages = 0;

  constructor(private readonly options: ProjectionRunnerOptions) {
    assertProjector(options.projector);
    this.projector = options.projector;
    this.eventTypes = new Set(options.projector.eventTypes);
    this.batchSize = options.batchSize ?? 100;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger ?? silentLogger;
  }

  get name(): string {
    return this.projector.name;
  }

  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    this.state = 'starting';
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.state !== 'parked' && this.state !== 'superseded') this.state = 'stopped';
    });
  }

  /** Finishes the batch in flight (or abandons its retry wait) and returns; the checkpoint is durable. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  status(): ProjectionStatus {
    return {
      name: this.projector.name,
      version: this.projector.version,
      state: this.state,
      position: this.position.toString(),
      eventsApplied: this.eventsApplied,
      failures: this.failures,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.failedPosition === undefined ? {} : { failedPosition: this.failedPosition.toString() }),
    };
  }

  /**
   * Applies `events` — a read of the log after `from` — and moves the checkpoint, in one transaction.
   * Events at or below the stored checkpoint are skipped (a replay changes nothing). If the checkpoint
   * is behind `from` (rewound by a rebuild), nothing is applied: the caller reads again from there.
   */
  async applyBatch(from: GlobalPosition, events: readonly RecordedEvent[]): Promise<BatchOutcome> {
    const { dataSource } = this.options;
    const { name, version } = this.projector;
    return dataSource.transaction(async (manager) => {
      const checkpoint = await lockCheckpoint(manager, name);
      if (checkpoint === undefined)
        throw new Error(`Projection "${name}" has no checkpoint: start the runner`);
      if (checkpoint.version !== version) {
        throw new CheckpointVersionChanged(
          `Projection "${name}": the database holds version ${checkpoint.version}, this runner is version ${version}`,
        );
      }
      if (checkpoint.position < from) return { applied: 0, skipped: 0, position: checkpoint.position };
      const fresh = events.filter((event) => event.position > checkpoint.position);
      const skipped = events.length - fresh.length;
      if (fresh.length === 0) return { applied: 0, skipped, position: checkpoint.position };
      const relevant = fresh.filter((event) => this.eventTypes.has(event.type));
      await applyEvents(this.projector, relevant, manager);
      const applied = relevant.length;
      const last = fresh[fresh.length - 1]!.position;
      await advanceCheckpoint(manager, name, last);
      return { applied, skipped, position: last };
    });
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        await this.prepare();
        if (this.state === 'superseded') return;
        await this.follow(signal);
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (this.state === 'parked') return;
        this.outages++;
        this.state = 'retrying';
        this.lastError = describe(error);
        const delay = error instanceof CheckpointVersionChanged ? 0 : retryDelayMs(this.retry, this.outages);
        this.logger.warn(
          `Projection "${this.name}": ${this.lastError}; resuming from its checkpoint in ${delay} ms`,
        );
        await sleep(delay, signal);
      }
    }
  }

  /** Creates the checkpoint row, or rebuilds on a version bump; loads the position. */
  private async prepare(): Promise<void> {
    const { dataSource } = this.options;
    const { name, version } = this.projector;
    const start = this.options.startPosition ?? 0n;
    await dataSource.transaction(async (manager) => {
      await insertCheckpointIfMissing(manager, name, start, version);
      const checkpoint = (await lockCheckpoint(manager, name))!;
      if (checkpoint.version > version) {
        this.state = 'superseded';
        this.position = checkpoint.position;
        this.logger.warn(
          `Projection "${name}": the database holds version ${checkpoint.version}, newer than ${version}: not running`,
        );
        return;
      }
      if (checkpoint.version < version) {
        this.logger.log(`Projection "${name}": version ${checkpoint.version} → ${version}, rebuilding`);
        await this.projector.reset(manager);
        await rewindCheckpoint(manager, name, start, version);
        this.position = start;
      } else {
        if (checkpoint.status === 'parked') {
          this.logger.warn(
            `Projection "${name}" was parked at position ${checkpoint.failedPosition} (${checkpoint.lastError}): trying again`,
          );
          await setCheckpointStatus(manager, name, 'running');
        }
        this.position = checkpoint.position;
      }
      this.state = 'catching-up';
    });
  }

  private async follow(signal: AbortSignal): Promise<void> {
    const { store } = this.options;
    while (!signal.aborted) {
      const from = this.position;
      const events = await store.readAll({ after: from, maxCount: this.batchSize });
      if (events.length > 0) {
        const committed = await this.commitWithRetries(from, events, signal);
        if (!committed) return;
      }
      if (events.length < this.batchSize) {
        this.state = 'live';
        await store.waitForAppends(this.options.idleWaitMs ?? 1000, signal);
      } else {
        this.state = 'catching-up';
      }
    }
  }

  /** False when stopped or parked; infrastructure errors are thrown to run(), which resumes. */
  private async commitWithRetries(
    from: GlobalPosition,
    events: readonly RecordedEvent[],
    signal: AbortSignal,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.applyBatch(from, events);
        this.position = outcome.position;
        this.eventsApplied += outcome.applied;
        this.failures = 0;
        this.outages = 0;
        this.lastError = undefined;
        this.failedPosition = undefined;
        return true;
      } catch (error) {
        if (!(error instanceof ProjectorError) || isTransientDatabaseError(error.cause)) throw error;
        this.failures = attempt;
        this.lastError = error.message;
        this.failedPosition = error.position;
        if (attempt >= this.retry.maxAttempts) {
          await this.park(error);
          return false;
        }
        this.state = 'retrying';
        const delay = retryDelayMs(this.retry, attempt);
        this.logger.warn(
          `${error.message} (attempt ${attempt} of ${this.retry.maxAttempts}, again in ${delay} ms)`,
        );
        await sleep(delay, signal);
        if (signal.aborted) return false;
      }
    }
  }

  private async park(error: ProjectorError): Promise<void> {
    await setCheckpointStatus(this.options.dataSource.manager, this.name, 'parked', {
      position: error.position,
      error: error.message,
    });
    this.state = 'parked';
    this.logger.error(
      `Projection "${this.name}" PARKED after ${this.failures} failures: ${error.message}. It stays parked until the process restarts.`,
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
