import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { enabledLogLevels, type Clock, type RuntimeConfig } from '#platform';
import { WorkerModule } from './worker.module.ts';

/** The worker: a Nest application context without HTTP. Started (bootstrap hooks run) when this resolves. */
export async function createWorkerApp(
  config: RuntimeConfig,
  options: { readonly clock?: Clock } = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), {
    logger: enabledLogLevels(config.logLevel),
    // Nest's default aborts the process on a wiring error; throwing lets the caller report and clean up.
    abortOnError: false,
  });
  await app.init();
  return app;
}
