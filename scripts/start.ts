import { eventStoreUrl, redactUrl, runMain, type RuntimeConfig } from '#platform';
import { startApi } from '../apps/api/src/start-api.ts';
import { OPENAPI_PATH } from '../apps/api/src/open-api.ts';
import { startWorkerThread } from '../apps/worker/src/worker-thread.ts';

/**
 * `npm start`: the api and the worker in this one process (one Ctrl-C, one embedded PostgreSQL,
 * no child processes to orphan). In production they run as separate containers (docker-compose.yml).
 * The worker runs in a worker thread: its projections catching up never hold the api's event loop
 * (docs/benchmarks.md, "The api under load"). Closed in reverse: the worker, then the api.
 */
await runMain(async (config) => {
  const api = await startApi(config);
  const worker = await startWorkerThread(config);
  console.log(banner(config));
  return [api, worker];
});

function banner(config: RuntimeConfig): string {
  const base = `http://localhost:${config.port}`;
  const database = config.embeddedDatabase
    ? `${redactUrl(config.databaseUrl)} (embedded, data in .data/pg-dev)`
    : redactUrl(config.databaseUrl);
  const eventStore =
    config.eventStore.kind === 'postgresql'
      ? 'PostgreSQL (the database above)'
      : `KurrentDB ${redactUrl(eventStoreUrl(config))}`;
  return [
    '',
    `API: ${base}  OpenAPI: ${base}/${OPENAPI_PATH}  Health: ${base}/health`,
    `Console: ${base}/` + (config.production ? '' : `  (development sign-in at ${base}/sign-in)`),
    `Event store: ${eventStore}`,
    `Database:    ${database}`,
    `Redis:       ${redactUrl(config.redisUrl)}`,
    'Ctrl-C stops the api, the worker' + (config.embeddedDatabase ? ' and the embedded PostgreSQL.' : '.'),
    '',
  ].join('\n');
}
