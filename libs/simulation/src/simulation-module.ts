import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureModule, type Clock, type RuntimeConfig } from '#platform';
import { WorkflowModule } from '#workflow';

/** The command side of the apps (the same handlers and rules) on a virtual clock, without HTTP. */
@Module({})
export class SimulationModule {
  static forRoot(config: RuntimeConfig, clock: Clock): DynamicModule {
    return {
      module: SimulationModule,
      imports: [InfrastructureModule.forRoot(config, { clock }), WorkflowModule],
    };
  }
}
