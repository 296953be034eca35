import { DataSource, EntitySchema, MigrationExecutor, type MigrationInterface } from 'typeorm';
import { READ_MODEL_MIGRATIONS } from './migrations/index.ts';
import { READ_MODEL_SCHEMA } from './read-model-schema.ts';
import { READ_MODEL_ENTITIES } from './read-models/index.ts';

export interface ReadModelDataSourceOptions {
  /** PostgreSQL connection string: the read database (by default the event store's own PostgreSQL). */
  readonly url: string;
  /** Entity classes or schemas of the read models; defaults to READ_MODEL_ENTITIES (every read model's). */
  readonly entities?: readonly (EntitySchema | (abstract new (...args: never[]) => unknown))[];
  /** Defaults to every read-model migration of the library (READ_MODEL_MIGRATIONS). */
  readonly migrations?: readonly (new () => MigrationInterface)[];
  /** Connections of the pool (READ_MODEL_POOL_SIZE); default DEFAULT_READ_MODEL_POOL_SIZE. */
  readonly poolSize?: number;
  /** Shown in pg_stat_activity (default `zaitaku-read-model`). */
  readonly applicationName?: string;
}

/**
 * 10: the api's queries at 800/s hold a connection for a few milliseconds each, so a handful is busy on
 * average and bursts need headroom; beyond ~10 a 2-core database only queues them itself. A query that
 * waits more than connectTimeoutMS for one is answered 503 SERVICE_BUSY (README, "Errors").
 */
export const DEFAULT_READ_MODEL_POOL_SIZE = 10;

/** Several processes start at once (api and worker replicas): one of them migrates, the others wait. */
const MIGRATION_LOCK = 'zaitaku:read_model.migrations';

/**
 * A TypeORM DataSource on the read database, schema `read_model`, not yet connected. Never
 * `synchronize`: the schema only changes through migrations (openReadModelDataSource runs them).
 */
export function createReadModelDataSource(options: ReadModelDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName ?? 'zaitaku-read-model',
    schema: READ_MODEL_SCHEMA,
    entities: [...(options.entities ?? READ_MODEL_ENTITIES)] as (EntitySchema | (new () => unknown))[],
    migrations: [...(options.migrations ?? READ_MODEL_MIGRATIONS)],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    migrationsRun: false, // run by migrateReadModel, under an advisory lock
    synchronize: false,
    poolSize: options.poolSize ?? DEFAULT_READ_MODEL_POOL_SIZE,
    connectTimeoutMS: 2000,
  });
}

/** Connects and brings the schema up to date; what both apps call at start-up. */
export async function openReadModelDataSource(options: ReadModelDataSourceOptions): Promise<DataSource> {
  const dataSource = createReadModelDataSource(options);
  await dataSource.initialize();
  try {
    await migrateReadModel(dataSource);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}

/**
 * Runs the pending migrations in one transaction, holding a session advisory lock on the same
 * connection: a second process waits for the first, then finds nothing pending. TypeORM itself does
 * not lock (its MigrationExecutor reads the executed list, then runs), hence the lock.
 * Returns the names of the migrations it ran.
 */
export async function migrateReadModel(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    try {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${READ_MODEL_SCHEMA}`);
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'all';
      const ran = await executor.executePendingMigrations();
      return ran.map((migration) => migration.name);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    }
  } finally {
    await queryRunner.release();
  }
}
