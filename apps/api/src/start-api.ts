import { Logger, type INestApplication } from '@nestjs/common';
import type { RuntimeConfig } from '#platform';
import type { AppOptions } from './app.module.ts';
import { createApiApp } from './create-api-app.ts';
import { OPENAPI_PATH } from './open-api.ts';

/** Creates the api and listens on config.port. */
export async function startApi(config: RuntimeConfig, options: AppOptions = {}): Promise<INestApplication> {
  const app = await createApiApp(config, options);
  await app.listen(config.port);
  const base = `http://localhost:${config.port}`;
  new Logger('Api').log(`listening on ${base} (OpenAPI ${base}/${OPENAPI_PATH})`);
  return app;
}
