import type { MigrationInterface } from 'typeorm';
import type { ProjectionLeasesOptions } from './projection-lease.ts';
import type { ProjectionRunnerOptions } from './projection-runner.ts';
import type { Projector } from './projector.ts';
import type { ReadModelDataSourceOptions } from './read-model-data-source.ts';

export interface ProjectionsModuleOptions {
  /** The projectors of this process. */
  readonly projectors?: readonly Projector[];
  /** True in the worker: run the projectors. False in the api: only read models and waitForPosition. */
  readonly run?: boolean;
  readonly entities?: ReadModelDataSourceOptions['entities'];
  /** Defaults to READ_MODEL_MIGRATIONS: every process must know every migration. */
  readonly migrations?: readonly (new () => MigrationInterface)[];
  /** Batch size, idle wait, retry policy and start position of every runner. */
  readonly runner?: Pick<ProjectionRunnerOptions, 'batchSize' | 'idleWaitMs' | 'retry' | 'startPosition'>;
  /** The leases (one worker per projection): how often a standby worker tries, who this worker is. */
  readonly lease?: Pick<ProjectionLeasesOptions, 'pollIntervalMs' | 'owner'>;
}
