import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureModule, type Clock, type RuntimeConfig } from '#platform';
import { ProjectionsModule, READ_MODEL_PROJECTORS } from '#projections';
import { ConnectionReport } from './connection-report.ts';
import { JobsModule } from './jobs/jobs.module.ts';
import { ReadableLagMonitor } from './readable-lag-monitor.ts';

@Module({})
export class WorkerModule {
  /** Built from a configuration rather than process.env, so tests boot the real worker on their own URLs. */
  /** `clock`: the sandbox's virtual clock; there the api runs the jobs for the days it passes, not a schedule. */
  static forRoot(config: RuntimeConfig, options: { readonly clock?: Clock } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        InfrastructureModule.forRoot(config, options),
        ProjectionsModule.forRoot({
          projectors: READ_MODEL_PROJECTORS,
          run: true,
          lease: { pollIntervalMs: config.projectionLeasePollMs },
        }),
        ...(config.sandbox ? [] : [JobsModule.forRoot(config)]),
      ],
      providers: [ConnectionReport, ReadableLagMonitor],
    };
  }
}
