import { createHash } from 'node:crypto';
import { DataSource, getMetadataArgsStorage, type EntityManager } from 'typeorm';
import type { Projector } from '../projector.ts';
import { READ_MODEL_SCHEMA } from '../read-model-schema.ts';

/**
 * How a projector's tables map to schemas during a rebuild. The live read models stay in `read_model`;
 * a rebuild writes into a shadow schema of its own (`read_model_shadow_<name>`) holding an empty copy
 * (`LIKE … INCLUDING ALL`) of every read_model table but the checkpoints and migrations. The projector
 * is redirected there without knowing it:
 * - raw SQL with unqualified table names: the shadow connections' `search_path` is the shadow schema;
 * - TypeORM entities of schema `read_model` (@Entity({ schema: READ_MODEL_SCHEMA })): the shadow
 *   DataSource's own entity metadata is retargeted to the shadow schema (the live DataSource is not).
 * Raw SQL naming `read_model.<table>` would write the live tables: every shadow batch checks the
 * transaction's own write counters (pg_stat_xact_user_tables) and rolls back if anything outside the
 * shadow schema was written. The projector's tables are its declared `tables` (see ProjectorTables) or,
 * without a declaration, the shadow tables the rebuild wrote to.
 */
export interface ProjectorTables {
  /** Tables of `read_model` this projector alone writes (names without the schema). */
  readonly tables?: readonly string[];
}

/** Tables of read_model that belong to the machinery, never to a projector. */
const MACHINERY_TABLES = ['projection_checkpoints', 'migrations'];

export function shadowSchemaName(projectorName: string): string {
  const readable = projectorName.replace(/[^a-z0-9_]/g, '_').slice(0, 30);
  const hash = createHash('sha256').update(projectorName).digest('hex').slice(0, 8);
  return `read_model_shadow_${readable}_${hash}`;
}

export function declaredTables(projector: Projector): readonly string[] | undefined {
  return (projector as Projector & ProjectorTables).tables;
}

/** The read model tables (live), machinery excluded. */
export async function liveTables(manager: EntityManager): Promise<string[]> {
  const rows: { name: string }[] = await manager.query(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND NOT tablename = ANY($2) ORDER BY tablename`,
    [READ_MODEL_SCHEMA, MACHINERY_TABLES],
  );
  return rows.map((row) => row.name);
}

/**
 * Drops and creates the shadow schema with an empty copy of every live read model table. The copies are
 * UNLOGGED (no WAL for the load): a shadow is private, rebuilt from position 0 by any run and dropped
 * afterwards, and the swap copies its rows into the live (logged) tables, so a crash loses nothing the
 * log cannot give again.
 */
export async function createShadowSchema(manager: EntityManager, schema: string): Promise<string[]> {
  const tables = await liveTables(manager);
  await manager.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await manager.query(`CREATE SCHEMA ${schema}`);
  for (const table of tables) {
    await manager.query(
      `CREATE UNLOGGED TABLE ${schema}.${table} (LIKE ${READ_MODEL_SCHEMA}.${table} INCLUDING ALL)`,
    );
  }
  return tables;
}

export async function dropShadowSchema(manager: EntityManager, schema: string): Promise<void> {
  await manager.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/** Entity classes of schema read_model known to this process (those of the imported projectors). */
export function readModelEntities(): (new () => unknown)[] {
  return getMetadataArgsStorage()
    .tables.filter((table) => table.schema === READ_MODEL_SCHEMA && typeof table.target === 'function')
    .map((table) => table.target as new () => unknown);
}

/**
 * A DataSource whose raw SQL and entities resolve read model tables in the shadow schema. Its
 * transactions commit with synchronous_commit off: a shadow batch lost in a crash is rebuilt by the
 * next run; the durable step is the swap, which sets it back on (Shadow.catchUp).
 */
export async function openShadowDataSource(url: string, schema: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    applicationName: 'zaitaku-projection-rebuild',
    schema,
    entities: readModelEntities(),
    synchronize: false,
    migrationsRun: false,
    poolSize: 2,
    extra: { options: `-c search_path=${schema} -c synchronous_commit=off` },
  });
  await dataSource.initialize();
  for (const metadata of dataSource.entityMetadatas) {
    if (metadata.schema !== READ_MODEL_SCHEMA) continue;
    metadata.schema = schema;
    metadata.tablePath = `${schema}.${metadata.tableName}`;
  }
  return dataSource;
}

/** Tables written by the current transaction, by schema (pg_stat_xact_user_tables counts them). */
export async function tablesWrittenInTransaction(
  manager: EntityManager,
): Promise<{ schema: string; table: string }[]> {
  return manager.query(
    `SELECT schemaname AS schema, relname AS "table" FROM pg_stat_xact_user_tables
      WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY 1, 2`,
  );
}
