// Plain JavaScript: Jest loads global setup with Node's own resolver, outside its TypeScript transform,
// so it uses the compiled helper (`npm test` builds first, see the `pretest` script).
import { startEmbeddedDatabase } from '../dist/libs/platform/src/embedded-database.js';

/**
 * Starts the embedded PostgreSQL once for the whole run. Its URL goes to EMBEDDED_DATABASE_URL;
 * DATABASE_URL (the server, when CI sets it) is left as given and otherwise defaults to the embedded one.
 */
export default async function globalSetup() {
  // TEST_EMBEDDED_PG_PORT lets two checkouts run their suites side by side (each has its own .data/).
  const port = Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54329);
  const embedded = await startEmbeddedDatabase({ name: 'pg-test', port, database: 'zaitaku_test' });
  process.env.EMBEDDED_DATABASE_URL = embedded.url;
  process.env.DATABASE_URL ??= embedded.url;
  globalThis.__embeddedDatabase = embedded;
}
