import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type RuntimeConfig } from '#platform';
import type { DataSource } from 'typeorm';
import type { ProjectionsModuleOptions } from './projections-options.ts';
import { PROJECTIONS_OPTIONS, READ_MODEL_DATA_SOURCE } from './projections-tokens.ts';
import { ProjectionPositions } from './projection-positions.ts';
import { ProjectionWorker } from './projection-worker.ts';
import { openReadModelDataSource } from './read-model-data-source.ts';

/** Destroys the DataSource last, after the runners stopped (onModuleDestroy runs before this). */
@Injectable()
class ReadModelShutdown implements OnApplicationShutdown {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * Read models for both apps, on the read database of InfrastructureModule's configuration (import
 * that first): the migrated DataSource (READ_MODEL_DATA_SOURCE) and ProjectionPositions everywhere;
 * with `run: true` (the worker) also the ProjectionWorker running the projectors. Global, so feature
 * modules inject the DataSource for their queries.
 */
@Module({})
export class ProjectionsModule {
  static forRoot(options: ProjectionsModuleOptions = {}): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      providers: [
        { provide: PROJECTIONS_OPTIONS, useValue: options },
        {
          provide: READ_MODEL_DATA_SOURCE,
          inject: [APP_CONFIG],
          useFactory: (config: RuntimeConfig): Promise<DataSource> =>
            openReadModelDataSource({
              url: config.databaseUrl,
              entities: options.entities,
              migrations: options.migrations,
              poolSize: config.readModelPoolSize,
            }),
        },
        ...(options.run ? [ProjectionWorker] : []),
        ProjectionPositions,
        ReadModelShutdown,
      ],
      exports: [READ_MODEL_DATA_SOURCE, ProjectionPositions],
    };
  }
}
