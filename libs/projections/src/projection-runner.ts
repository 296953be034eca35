import {
  CatchUpSubscription,
  type EventStore,
  type FailureDecision,
  type GlobalPosition,
  type RecordedEvent,
  type RetryPolicy,
  type SubscriptionFailure,
} from '#event-store';
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
import type { ProjectionStatus } from './projection-status.ts';
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
  /** Events read per page (default 100); live, each page is committed alone. */
  readonly batchSize?: number;
  /**
   * While catching up, pages committed in one transaction (CatchUpSubscription's default: about 1,000
   * events); 1: every transaction holds one page, also what a failure rolls back.
   */
  readonly maxPagesPerCommit?: number;
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

/**
 * A batch whose projector throws is tried 5 times in all (200 ms, 400 ms … apart), then the projection
 * is parked; a database outage is retried with the same backoff, without limit.
 */
export const PROJECTION_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  jitter: 0,
};

/** The stored version moved under a running runner (a rebuild elsewhere): prepare again. */
class CheckpointVersionChanged extends Error {}

/**
 * Runs one projector on the log's one follower (CatchUpSubscription): the follower reads the log after
 * the projection's checkpoint in batches and follows it live; the runner adds what is projection's
 * own: each batch is applied and the checkpoint (in read_model.projection_checkpoints) moved in ONE
 * read-model transaction (so a crash keeps both or neither), versions, and parking.
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
  private readonly retry: RetryPolicy;
  private readonly logger: ProjectionLogger;
  private readonly follower: CatchUpSubscription;
  /** Set when the runner stopped following for a reason of its own. */
  private halted: 'parked' | 'superseded' | undefined;
  private position: GlobalPosition = 0n;
  private eventsApplied = 0;
  private failures = 0;
  private lastError: string | undefined;
  private failedPosition: GlobalPosition | undefined;

  constructor(private readonly options: ProjectionRunnerOptions) {
    assertProjector(options.projector);
    this.projector = options.projector;
    this.eventTypes = new Set(options.projector.eventTypes);
    this.retry = { ...PROJECTION_RETRY_POLICY, ...options.retry };
    this.logger = options.logger ?? silentLogger;
    this.follower = new CatchUpSubscription({
      name: this.projector.name,
      store: options.store,
      batchSize: options.batchSize ?? 100,
      maxPagesPerCommit: options.maxPagesPerCommit,
      pollIntervalMs: options.idleWaitMs ?? 1000,
      // The follower never gives up (outages); the runner parks after retry.maxAttempts projector failures.
      retry: { ...this.retry, maxAttempts: Infinity },
      checkpoint: {
        load: () => this.prepare(),
        commit: (from, events) => this.commit(from, events),
      },
      onError: (error, failure) => this.failed(error, failure),
    });
  }

  get name(): string {
    return this.projector.name;
  }

  start(): void {
    if (this.follower.isRunning) return;
    this.halted = undefined;
    this.follower.start();
  }

  /** Finishes the batch in flight (or abandons its retry wait) and returns; the checkpoint is durable. */
  async stop(): Promise<void> {
    await this.follower.stop();
  }

  status(): ProjectionStatus {
    return {
      name: this.projector.name,
      version: this.projector.version,
      state: this.halted ?? this.follower.status().state,
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

  /**
   * The follower's load: creates the checkpoint row, or rebuilds on a version bump; the position to
   * follow from, or undefined when a newer version owns the projection.
   */
  private async prepare(): Promise<GlobalPosition | undefined> {
    const { dataSource } = this.options;
    const { name, version } = this.projector;
    const start = this.options.startPosition ?? 0n;
    return dataSource.transaction(async (manager) => {
      await insertCheckpointIfMissing(manager, name, start, version);
      const checkpoint = (await lockCheckpoint(manager, name))!;
      if (checkpoint.version > version) {
        this.halted = 'superseded';
        this.position = checkpoint.position;
        this.logger.warn(
          `Projection "${name}": the database holds version ${checkpoint.version}, newer than ${version}: not running`,
        );
        return undefined;
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
      return this.position;
    });
  }

  /** The follower's commit: one batch, one transaction. */
  private async commit(from: GlobalPosition, events: readonly RecordedEvent[]): Promise<GlobalPosition> {
    const outcome = await this.applyBatch(from, events);
    this.position = outcome.position;
    this.eventsApplied += outcome.applied;
    this.failures = 0;
    this.lastError = undefined;
    this.failedPosition = undefined;
    return outcome.position;
  }

  /**
   * A projector's refusal counts towards parking; anything else (the database or the store away, a
   * rebuild elsewhere) is retried without limit. The follower resumes from the checkpoint either way.
   */
  private async failed(error: unknown, { failures, delayMs }: SubscriptionFailure): Promise<FailureDecision> {
    if (error instanceof ProjectorError && !isTransientDatabaseError(error.cause)) {
      this.failures++;
      this.lastError = error.message;
      this.failedPosition = error.position;
      if (this.failures >= this.retry.maxAttempts) return this.park(error);
      this.logger.warn(
        `${error.message} (attempt ${this.failures} of ${this.retry.maxAttempts}, again in ${delayMs} ms)`,
      );
      return 'backoff';
    }
    this.lastError = describe(error);
    const now = error instanceof CheckpointVersionChanged;
    this.logger.warn(
      `Projection "${this.name}": ${this.lastError}; resuming from its checkpoint in ${now ? 0 : delayMs} ms (failure ${failures})`,
    );
    return now ? 'now' : 'backoff';
  }

  private async park(error: ProjectorError): Promise<FailureDecision> {
    try {
      await setCheckpointStatus(this.options.dataSource.manager, this.name, 'parked', {
        position: error.position,
        error: error.message,
      });
    } catch (cause) {
      this.logger.warn(`Projection "${this.name}": could not park (${describe(cause)}); trying again`);
      return 'backoff';
    }
    this.halted = 'parked';
    this.logger.error(
      `Projection "${this.name}" PARKED after ${this.failures} failures: ${error.message}. It stays parked until the process restarts.`,
    );
    return 'stop';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
