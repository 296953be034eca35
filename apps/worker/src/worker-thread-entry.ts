import { Logger } from '@nestjs/common';
import { parentPort, workerData } from 'node:worker_threads';
import { enabledLogLevels, type RuntimeConfig } from '#platform';
import { createWorkerApp } from './create-worker-app.ts';
import type { WorkerThreadMessage } from './worker-thread.ts';

/**
 * The worker app inside a worker thread (`startWorkerThread`): started with the configuration the main
 * thread resolved (its embedded PostgreSQL's URL included), closed when the main thread says `close`.
 */
const { config } = workerData as { config: RuntimeConfig };
const port = parentPort!;
const send = (message: WorkerThreadMessage) => port.postMessage(message);
Logger.overrideLogger(enabledLogLevels(config.logLevel));
try {
  const app = await createWorkerApp(config);
  port.on('message', (message: 'close') => {
    if (message !== 'close') return;
    app.close().then(
      () => send({ type: 'closed' }),
      (error: unknown) => send({ type: 'failed', error: describe(error) }),
    );
  });
  send({ type: 'started' });
} catch (error) {
  send({ type: 'failed', error: describe(error) });
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
