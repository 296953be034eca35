import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureModule, type RuntimeConfig } from '#platform';
import { ConnectionReport } from './connection-report.ts';
import { ProcessingModule } from './processing.module.ts';

@Module({})
export class WorkerModule {
  /** Built from a configuration rather than process.env, so tests boot the real worker on their own URLs. */
  static forRoot(config: RuntimeConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [InfrastructureModule.forRoot(config), ProcessingModule],
      providers: [ConnectionReport],
    };
  }
}
