import { writeFileSync } from 'node:fs';
import { loadConfig, provideDatabase } from '#platform';
import { createApiApp } from '../apps/api/src/create-api-app.ts';
import { openApiDocument } from '../apps/api/src/open-api.ts';
import { CONSOLE_API_TYPES_FILE, consoleApiTypes } from './console/api-types.ts';
import { CONSOLE_COMMAND_SCHEMAS_FILE, consoleCommandSchemas } from './console/command-schemas.ts';

/**
 * `npm run console:api-types`: writes the console's client types and the application commands' body
 * schemas (the case page's forms) from the api's OpenAPI document. The
 * api is built (not listening) on DATABASE_URL / REDIS_URL or the embedded PostgreSQL, outside the
 * sandbox (whose routes are not the console's).
 */
const database = await provideDatabase(loadConfig(process.env), console);
const app = await createApiApp({ ...database.config, sandbox: false, logLevel: 'fatal' as const });
try {
  const document = openApiDocument(app);
  writeFileSync(CONSOLE_API_TYPES_FILE, await consoleApiTypes(document));
  console.log(`wrote ${CONSOLE_API_TYPES_FILE}`);
  writeFileSync(CONSOLE_COMMAND_SCHEMAS_FILE, consoleCommandSchemas(document));
  console.log(`wrote ${CONSOLE_COMMAND_SCHEMAS_FILE}`);
} finally {
  await app.close();
  await database.stop();
}
