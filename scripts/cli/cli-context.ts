import type pg from 'pg';
import { openEventStore, type EventStore } from '#event-store';
import { eventStoreUrl, loadConfig, openMigratedReadDatabase, provideDatabase, systemClock } from '#platform';

/** What a CLI command works on: the configured event store and the PostgreSQL of the read side. */
export interface CliContext {
  readonly store: EventStore;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

/** DATABASE_URL when set, otherwise the development embedded PostgreSQL (the one `npm start` uses). */
export async function openCliContext(): Promise<CliContext> {
  const config = loadConfig(process.env);
  const database = await provideDatabase(config, {
    log: (m: string) => console.error(m),
    warn: (m: string) => console.error(m),
  });
  const runtime = database.config;
  const store = await openEventStore({
    kind: runtime.eventStore.kind,
    url: eventStoreUrl(runtime),
    clock: systemClock,
  });
  // As the apps: the event store's tables of the read database (audit) migrated, beside any store.
  const pool = await openMigratedReadDatabase(runtime, 2).catch(async (error: unknown) => {
    await store.close();
    await database.stop();
    throw error;
  });
  return {
    store,
    pool,
    close: async () => {
      await store.close();
      await pool.end();
      await database.stop();
    },
  };
}
