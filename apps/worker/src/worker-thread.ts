import { Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import type { Closable, RuntimeConfig } from '#platform';

export type WorkerThreadMessage =
  | { readonly type: 'started' }
  | { readonly type: 'closed' }
  | { readonly type: 'failed'; readonly error: string };

/** How long close() waits for the worker app to close before it ends the thread. */
const CLOSE_TIMEOUT_MS = 15_000;

/**
 * The worker app (projections, jobs) in a worker thread of this process: `npm start` runs the api on the
 * main thread and this beside it, so a projection catching up on a long batch never holds the api's
 * event loop (one Node process, one Ctrl-C, one embedded PostgreSQL; its own event loop and heap).
 * Resolves once the worker app has started; rejects with its start-up error. close() closes the app
 * (its shutdown hooks: runners stopped, pools ended) and then the thread. If the thread ends on its own
 * (an uncaught error), the process exits 1 rather than serve on without its worker.
 */
export async function startWorkerThread(config: RuntimeConfig): Promise<Closable> {
  const logger = new Logger('WorkerThread');
  const thread = new Worker(new URL('./worker-thread-entry.js', import.meta.url), {
    workerData: { config },
    name: 'zaitaku-worker',
  });
  let closing = false;
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  const next = () =>
    new Promise<WorkerThreadMessage>((resolve, reject) => {
      const onMessage = (message: WorkerThreadMessage) => {
        thread.off('error', onError);
        resolve(message);
      };
      const onError = (error: Error) => {
        thread.off('message', onMessage);
        reject(error);
      };
      thread.once('message', onMessage);
      thread.once('error', onError);
    });
  const started = await Promise.race([
    next(),
    exited.then((code): WorkerThreadMessage => ({ type: 'failed', error: `the thread exited ${code}` })),
  ]);
  if (started.type !== 'started') {
    await thread.terminate();
    throw new Error(`the worker did not start: ${started.type === 'failed' ? started.error : started.type}`);
  }
  void exited.then((code) => {
    if (closing) return;
    logger.error(`the worker thread ended unexpectedly (exit code ${code}): stopping`);
    process.exit(1);
  });
  thread.on('error', (error) => logger.error(`worker thread: ${error.stack ?? error.message}`));
  return {
    async close() {
      closing = true;
      thread.postMessage('close');
      const timeout = new Promise<WorkerThreadMessage>((resolve) =>
        setTimeout(
          () => resolve({ type: 'failed', error: `not closed within ${CLOSE_TIMEOUT_MS} ms` }),
          CLOSE_TIMEOUT_MS,
        ).unref(),
      );
      const closed = await Promise.race([
        next(),
        timeout,
        exited.then((): WorkerThreadMessage => ({ type: 'closed' })),
      ]);
      await thread.terminate();
      if (closed.type === 'failed') throw new Error(`the worker thread: ${closed.error}`);
    },
  };
}
