import { Logger } from '@nestjs/common';
import { ConfigError } from './config-error.ts';
import { enabledLogLevels, loadConfig, type RuntimeConfig } from './config.ts';
import { provideDatabase } from './development-database.ts';
import { onShutdownSignal } from './shutdown-signals.ts';

export interface Closable {
  close(): Promise<void>;
}

/**
 * What every entry point (npm start, the api alone, the worker alone) does around its apps: read the
 * configuration (a bad one stops here with every problem listed), provide the database, start the
 * apps, and on SIGINT/SIGTERM close them in reverse order before stopping the embedded PostgreSQL.
 */
export async function runMain(
  start: (config: RuntimeConfig) => Promise<Closable[]>,
  env: Readonly<Record<string, string | undefined>> = process.env,
  embeddedDatabase?: Parameters<typeof provideDatabase>[2],
): Promise<void> {
  const logger = new Logger('Main');
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  Logger.overrideLogger(enabledLogLevels(config.logLevel));

  const database = await provideDatabase(config, logger, embeddedDatabase).catch((error: unknown) =>
    fail(logger, error),
  );
  let apps: Closable[] = [];
  const startup = start(database.config).then((started) => void (apps = started));
  onShutdownSignal(
    async () => {
      await startup.catch(() => undefined);
      for (const app of [...apps].reverse()) {
        await app.close().catch((error: unknown) => logger.error(`while closing: ${String(error)}`));
      }
      await database.stop();
      logger.log('stopped');
    },
    (line) => logger.log(line),
  );
  try {
    await startup;
  } catch (error) {
    await database.stop().catch(() => undefined);
    fail(logger, error);
  }
}

function fail(logger: Logger, error: unknown): never {
  logger.error(`start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
