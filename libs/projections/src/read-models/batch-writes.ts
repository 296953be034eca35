import type { RecordedEvent } from '#event-store';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { ProjectorError } from '../projector-error.ts';

/** Rows per multi-row statement: well below PostgreSQL's 65,535 parameters for the widest read model. */
const ROWS_PER_STATEMENT = 500;

/**
 * Writes whole rows back in one multi-row `INSERT … ON CONFLICT DO UPDATE` per 500 rows. Every row
 * must carry every column: a column missing from one row would be overwritten with its default.
 */
export async function upsertRows<Row extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Row>,
  rows: readonly Row[],
  conflictPaths: string[],
): Promise<void> {
  const repository = manager.getRepository(entity);
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT) as QueryDeepPartialEntity<Row>[];
    await repository.upsert(chunk, conflictPaths);
  }
}

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

/** Inserts rows in one multi-row `INSERT … ON CONFLICT DO NOTHING` per 500 rows. */
export async function insertRowsIfAbsent<Row extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Row>,
  rows: readonly Row[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT) as QueryDeepPartialEntity<Row>[];
    await manager.createQueryBuilder().insert().into(entity).values(chunk).orIgnore().execute();
  }
}
