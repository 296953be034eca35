import pg from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresEventStore } from '#event-store';
import { systemClock } from '#platform';
import { openReadModelDataSource } from '#projections';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';

/**
 * The event store and the read models (migrated) on a PostgreSQL server of the scenario's own: no
 * other session of the machine holds its stable prefix back, and nothing here touches the shared one.
 */
export interface PrivateDatabase {
  readonly server: PrivatePostgres;
  readonly url: string;
  readonly store: PostgresEventStore;
  readonly dataSource: DataSource;
  readonly pool: pg.Pool;
  /** Closes every connection, stops the server and deletes its folder. */
  close(): Promise<void>;
}

export async function startPrivateDatabase(): Promise<PrivateDatabase> {
  const server = await startPrivatePostgres();
  try {
    const store = await PostgresEventStore.open({ connectionString: server.url, clock: systemClock });
    const dataSource = await openReadModelDataSource({ url: server.url });
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    pool.on('error', () => undefined); // an idle client cut by a restart is replaced on next use
    return {
      server,
      url: server.url,
      store,
      dataSource,
      pool,
      close: async () => {
        await pool.end();
        await dataSource.destroy();
        await store.close();
        await server.destroy();
      },
    };
  } catch (error) {
    await server.destroy();
    throw error;
  }
}
