import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE } from '#platform';
import type { EventStore } from '#event-store';
import type { DataSource } from 'typeorm';
import type { ProjectionsModuleOptions } from './projections-options.ts';
import { PROJECTIONS_OPTIONS, READ_MODEL_DATA_SOURCE } from './projections-tokens.ts';
import { ProjectionRunner } from './projection-runner.ts';
import type { ProjectionStatus } from './projection-status.ts';

/** Runs every projector of the module (in the worker): started after bootstrap, stopped before the pools close. */
@Injectable()
export class ProjectionWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runners: ProjectionRunner[];

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) dataSource: DataSource,
    @Inject(PROJECTIONS_OPTIONS) options: ProjectionsModuleOptions,
  ) {
    const names = new Set<string>();
    this.runners = (options.projectors ?? []).map((projector) => {
      if (names.has(projector.name)) throw new Error(`Two projectors are named "${projector.name}"`);
      names.add(projector.name);
      return new ProjectionRunner({
        ...options.runner,
        store,
        dataSource,
        projector,
        logger: new Logger(`Projection ${projector.name}`),
      });
    });
  }

  onApplicationBootstrap(): void {
    for (const runner of this.runners) runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  status(): ProjectionStatus[] {
    return this.runners.map((runner) => runner.status());
  }
}
