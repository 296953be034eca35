import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG, EVENT_STORE, type RuntimeConfig } from '#platform';
import type { EventStore } from '#event-store';
import type { DataSource } from 'typeorm';
import type { ProjectionsModuleOptions } from './projections-options.ts';
import { PROJECTIONS_OPTIONS, READ_MODEL_DATA_SOURCE } from './projections-tokens.ts';
import { ProjectionLeases } from './projection-lease.ts';
import { ProjectionRunner } from './projection-runner.ts';
import type { ProjectionStatus } from './projection-status.ts';

/**
 * Runs the projectors of the module (in the worker), each only while this worker holds its lease
 * (ProjectionLeases): with several worker replicas each projection runs in one of them, the others
 * stand by and take over from the checkpoint when it goes. Started after bootstrap, stopped before
 * the pools close.
 */
@Injectable()
export class ProjectionWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly leases: ProjectionLeases;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) dataSource: DataSource,
    @Inject(PROJECTIONS_OPTIONS) options: ProjectionsModuleOptions,
    @Inject(APP_CONFIG) config: RuntimeConfig,
  ) {
    for (const projector of options.projectors ?? []) {
      if (this.runners.has(projector.name)) throw new Error(`Two projectors are named "${projector.name}"`);
      const runner = new ProjectionRunner({
        ...options.runner,
        store,
        dataSource,
        projector,
        logger: new Logger(`Projection ${projector.name}`),
      });
      this.runners.set(projector.name, runner);
    }
    this.leases = new ProjectionLeases({
      ...options.lease,
      url: config.databaseUrl,
      names: [...this.runners.keys()],
      onAcquired: (name) => this.runners.get(name)!.start(),
      onReleased: async (names) => {
        await Promise.all(names.map((name) => this.runners.get(name)!.stop()));
      },
      isRetired: (name) => this.runners.get(name)!.status().state === 'superseded',
      logger: new Logger('ProjectionLeases'),
    });
  }

  onApplicationBootstrap(): void {
    if (this.runners.size > 0) this.leases.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.leases.stop();
  }

  /** This worker's view: its runners where it holds the lease (`owner`: itself), `standby` elsewhere. */
  status(): ProjectionStatus[] {
    return [...this.runners.values()].map((runner) => {
      const status = runner.status();
      if (this.leases.holds(runner.name)) return { ...status, owner: this.leases.owner };
      return status.state === 'superseded' ? status : { ...status, state: 'standby' };
    });
  }
}
