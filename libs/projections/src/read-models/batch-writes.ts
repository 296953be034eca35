import type { RecordedEvent } from '#event-store';
import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers.js';
import { ProjectorError } from '../projector-error.ts';

/** Rows per statement: one jsonb parameter each, a few MB at most for the widest read model. */
const ROWS_PER_STATEMENT = 1_000;

/**
 * Writes whole rows back in one `INSERT … SELECT … FROM jsonb_populate_recordset($1) ON CONFLICT DO
 * UPDATE` per 1,000 rows: the rows travel as ONE jsonb parameter (column values through the entity's
 * transformers), which PostgreSQL turns into records of the table itself, instead of a statement of
 * rows × columns parameters built by TypeORM. Every row must carry every column: a column missing from
 * one row would be overwritten with NULL.
 */
export async function upsertRows<Row extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Row>,
  rows: readonly Row[],
  conflictPaths: string[],
): Promise<void> {
  await writeRows(manager, entity, rows, (metadata, columns) => {
    const keys = conflictPaths.map((path) => quoted(metadata.findColumnWithPropertyPath(path)!.databaseName));
    const updates = columns.filter((c) => !keys.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
    return `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
  });
}

/** Inserts rows in one `INSERT … ON CONFLICT DO NOTHING` per 1,000 rows (as upsertRows). */
export async function insertRowsIfAbsent<Row extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Row>,
  rows: readonly Row[],
): Promise<void> {
  await writeRows(manager, entity, rows, () => 'ON CONFLICT DO NOTHING');
}

async function writeRows<Row extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Row>,
  rows: readonly Row[],
  onConflict: (metadata: EntityMetadata, columns: string[]) => string,
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns.filter((column) => !column.isVirtual && !column.isGenerated);
  const names = columns.map((column) => quoted(column.databaseName));
  const table = metadata.tablePath;
  const sql =
    `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} ` +
    `FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ${onConflict(metadata, names)}`;
  const record = (row: Row) =>
    Object.fromEntries(
      columns.map((column) => {
        const value = column.getEntityValue(row);
        return [
          column.databaseName,
          column.transformer ? ApplyValueTransformers.transformTo(column.transformer, value) : value,
        ];
      }),
    );
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT).map(record);
    await manager.query(sql, [
      JSON.stringify(chunk, (_, value) => (typeof value === 'bigint' ? value.toString() : value)),
    ]);
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A value as a jsonb column gives it back: what the next event of a batch folds from. */
export function asStored<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Runs `fold` for one event of a batch; a failure names that event (the runner parks on it). */
export function foldEvent<T>(projection: string, recorded: RecordedEvent, fold: () => T): T {
  try {
    return fold();
  } catch (error) {
    throw new ProjectorError(projection, recorded, error);
  }
}
