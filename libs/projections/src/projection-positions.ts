import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import type { GlobalPosition } from '#event-store';
import { APP_CONFIG, type RuntimeConfig } from '#platform';
import type { DataSource } from 'typeorm';
import { PostgresCheckpointListener } from './checkpoint-listener.ts';
import { readCheckpoints } from './checkpoint-table.ts';
import { readLeaseOwners } from './projection-lease.ts';
import { READ_MODEL_DATA_SOURCE } from './projections-tokens.ts';
import type { ProjectionStatus } from './projection-status.ts';
import { ProjectionWorker } from './projection-worker.ts';
import { waitForPosition } from './wait-for-position.ts';

/**
 * What the api asks of the projections: wait until they include a position (read-your-own-writes),
 * and their status for /health. Works in any process: the checkpoints are in the read database.
 */
@Injectable()
export class ProjectionPositions implements OnModuleDestroy {
  private readonly listener: PostgresCheckpointListener;

  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: RuntimeConfig,
    @Optional() private readonly worker?: ProjectionWorker,
  ) {
    this.listener = new PostgresCheckpointListener(dataSource, config.databaseUrl);
  }

  /** True once every named projection includes `position`; false after `timeoutMs`. */
  waitForPosition(
    names: string | readonly string[],
    position: GlobalPosition,
    timeoutMs: number,
  ): Promise<boolean> {
    return waitForPosition(this.listener, names, position, { timeoutMs });
  }

  /**
   * Every projection: as its runner sees it in the worker (`standby` where another replica holds
   * the lease); elsewhere from the checkpoint table (`running` or `parked`, with the error and the
   * position it stopped at). `owner`: the worker holding the lease, from pg_locks.
   */
  async projectionStatus(): Promise<ProjectionStatus[]> {
    const owners = await readLeaseOwners(this.dataSource.manager);
    const withOwner = (status: ProjectionStatus): ProjectionStatus => {
      const owner = status.owner ?? owners.get(status.name);
      return owner === undefined ? status : { ...status, owner };
    };
    const running = this.worker?.status() ?? [];
    if (running.length > 0) return running.map(withOwner);
    const rows = await readCheckpoints(this.dataSource.manager);
    return rows.map((row) =>
      withOwner({
        name: row.name,
        version: row.version,
        state: row.status,
        position: row.position.toString(),
        eventsApplied: 0,
        failures: 0,
        ...(row.lastError === null ? {} : { lastError: row.lastError }),
        ...(row.failedPosition === null ? {} : { failedPosition: row.failedPosition.toString() }),
      }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener.close();
  }
}
