import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { InfrastructureModule, type RuntimeConfig } from '#platform';
import { EventStoreExceptionFilter } from './errors/event-store-exception.filter.ts';
import { HealthController } from './health/health.controller.ts';

@Module({})
export class AppModule {
  /** Built from a configuration rather than process.env, so tests run the real app on their own URLs. */
  static forRoot(config: RuntimeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [InfrastructureModule.forRoot(config)],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: EventStoreExceptionFilter }],
    };
  }
}
