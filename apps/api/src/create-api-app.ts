import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { enabledLogLevels, type RuntimeConfig } from '#platform';
import { AppModule, type AppOptions } from './app.module.ts';
import { configureHttp } from './http/configure-http.ts';
import { setupOpenApi } from './open-api.ts';

/** The api, fully wired but not listening: main.ts listens, tests call init() and use supertest. */
export async function createApiApp(
  config: RuntimeConfig,
  options: AppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, options), {
    logger: enabledLogLevels(config.logLevel),
    // Nest's default aborts the process on a wiring error; throwing lets the caller report and clean up.
    abortOnError: false,
  });
  configureHttp(app, config);
  setupOpenApi(app);
  return app;
}
