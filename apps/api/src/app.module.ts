import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { InfrastructureModule, type Clock, type RuntimeConfig } from '#platform';
import { ProjectionsModule } from '#projections';
import { AdminQueuesModule } from './admin-queues/admin-queues.module.ts';
import { ApplicationsModule } from './applications/applications.module.ts';
import { AuthModule } from './auth/auth.module.ts';
import { ConsoleModule } from './console/console.module.ts';
import { CollaborationSurveyModule } from './collaboration-survey/collaboration-survey.module.ts';
import { DesignationModule } from './designations/designation.module.ts';
import { ErrorsModule } from './errors/errors.module.ts';
import { FiscalYearRulesModule } from './fiscal-year-rules/fiscal-year-rules.module.ts';
import { HealthController } from './health/health.controller.ts';
import { AsOfModule } from './as-of/as-of.module.ts';
import { AuditVerificationModule } from './audit-verification/audit-verification.module.ts';
import { HistoryModule } from './history/history.module.ts';
import { IdempotencyModule } from './idempotency/idempotency.module.ts';
import { ReadModelsModule } from './read-models/read-models.module.ts';
import { ReportsModule } from './reports/reports.module.ts';
import { SandboxModule } from './sandbox/sandbox.module.ts';
import { SecurityLogModule } from './security-log/security-log.module.ts';
import { TrainingsModule } from './trainings/trainings.module.ts';
import { BodyShapeMiddleware } from './validation/body-shape.middleware.ts';
import { ValidationModule } from './validation/validation.module.ts';

/** `clock`: the sandbox's virtual clock (npm run demo); the system clock otherwise. */
export interface AppOptions {
  readonly clock?: Clock;
}

@Module({})
export class AppModule implements NestModule {
  /** Built from a configuration rather than process.env, so tests run the real app on their own URLs. */
  static forRoot(config: RuntimeConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      // Global guards, pipe, interceptor and filters come with these modules (APP_* providers), so a
      // testing module that imports AppModule gets exactly the app's request handling.
      imports: [
        InfrastructureModule.forRoot(config, options),
        ProjectionsModule.forRoot(), // read models and waitForPosition; the worker runs the projectors
        AuthModule,
        ValidationModule,
        IdempotencyModule,
        ErrorsModule,
        SecurityLogModule,
        HistoryModule,
        AsOfModule,
        AuditVerificationModule,
        FiscalYearRulesModule,
        DesignationModule,
        CollaborationSurveyModule,
        AdminQueuesModule,
        ApplicationsModule,
        TrainingsModule,
        ReadModelsModule,
        ReportsModule,
        ...(config.sandbox ? [SandboxModule] : []),
        ConsoleModule, // last: the console's files and index.html after every route
      ],
      controllers: [HealthController],
    };
  }

  /** Before any guard, interceptor or pipe: a body too deep or with prototype keys is refused (400). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(BodyShapeMiddleware).forRoutes('*');
  }
}
