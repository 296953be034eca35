import type { Server } from 'node:http';
import { Logger, type INestApplication } from '@nestjs/common';
import type { RuntimeConfig } from '#platform';
import type { AppOptions } from './app.module.ts';
import { createApiApp } from './create-api-app.ts';
import { OPENAPI_PATH } from './open-api.ts';

/**
 * How long an idle keep-alive connection stays open (announced as `Keep-Alive: timeout=65`): longer than
 * the 60 s a load balancer or reverse proxy in front keeps its idle connections (nginx, the cloud load
 * balancers), so the client always closes first. With Node's 5 s a client reusing a connection just as
 * the api closed it got ECONNRESET (`bench:api` counted a few per run).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Creates the api and listens on config.port. */
export async function startApi(config: RuntimeConfig, options: AppOptions = {}): Promise<INestApplication> {
  const app = await createApiApp(config, options);
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000; // above it, as Node requires for the same socket
  await app.listen(config.port);
  const base = `http://localhost:${config.port}`;
  new Logger('Api').log(`listening on ${base} (OpenAPI ${base}/${OPENAPI_PATH})`);
  return app;
}
