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

/**
 * The rows whose `property` is one of `values`, as `repository.findBy({ [property]: In(values) })` gives
 * them (the same entity objects: TypeORM's own hydration of each column, transformers included), in
 * ONE `SELECT … WHERE column = ANY($1)` with the values as one array parameter: TypeORM builds an
 * `IN ($1, …, $5000)` of one parameter per value, which cost the rebuild more than the rows themselves
 * (query building) and PostgreSQL a statement of thousands of parameters to parse and plan.
 */
export async function findRowsIn<Row extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Row>,
  property: keyof Row & string,
  values: readonly unknown[],
): Promise<Row[]> {
  if (values.length === 0) return [];
  const metadata = manager.connection.getMetadata(entity);
  const key = metadata.findColumnWithPropertyPath(property);
  if (!key) throw new Error(`${metadata.name} has no column ${property}`);
  const columns = metadata.columns.filter((column) => !column.isVirtual && column.isSelect);
  const raw: Record<string, unknown>[] = await manager.query(
    `SELECT ${columns.map((column) => quoted(column.databaseName)).join(', ')} FROM ${metadata.tablePath} ` +
      `WHERE ${quoted(key.databaseName)} = ANY($1)`,
    [values],
  );
  const driver = manager.connection.driver;
  return raw.map((record) => {
    const row = metadata.create(undefined, { fromDeserializer: true }) as Row;
    for (const column of columns) {
      column.setEntityValue(row, driver.prepareHydratedValue(record[column.databaseName], column));
    }
    return row;
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
  const writers = columns.map((column) => ({
    name: column.databaseName,
    column,
    transformer: column.transformer,
  }));
  // A plain loop, not Object.fromEntries of pairs: this runs for every row a rebuild writes.
  const record = (row: Row) => {
    const out: Record<string, unknown> = {};
    for (const { name, column, transformer } of writers) {
      const value = column.getEntityValue(row);
      out[name] = transformer ? ApplyValueTransformers.transformTo(transformer, value) : value;
    }
    return out;
  };
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT).map(record);
    await manager.query(sql, [jsonText(chunk)]);
  }
}

/**
 * The rows as JSON, a bigint as its decimal string. Without a replacer first: a replacer makes
 * JSON.stringify call back into JavaScript for every value (several times slower); only rows that hold
 * a bigint (JSON.stringify throws a TypeError on one) take the replacer.
 */
function jsonText(rows: readonly Record<string, unknown>[]): string {
  try {
    return JSON.stringify(rows);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(rows, (_, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A value as a jsonb column gives it back: what the next event of a batch folds from. The same as
 * `JSON.parse(JSON.stringify(value))` without the round trip: the parts that JSON would give back
 * unchanged (plain objects and arrays of strings, finite numbers, booleans and null) are returned as
 * they are, shared with `value` (the domain's values are never mutated), and only what JSON changes is
 * copied — an undefined, function or symbol property dropped (null in an array), a non-finite number
 * null, -0 0, a hole null. Anything else (a Date or other toJSON, a class instance, a bigint, a
 * `__proto__` key, a cycle) goes through JSON itself. The round trip cost about 35 µs an event for a
 * 1.2 KB case state, a sixth of the node process's time in a rebuild (docs/benchmarks.md).
 */
export function asStored<T>(value: T): T {
  const stored = storedOrSame(value, 0);
  if (stored === DROPPED) return JSON.parse(JSON.stringify(value)) as T; // throws, as JSON does
  return (stored === UNCHANGED ? value : stored) as T;
}

/** What storedOrSame answers when JSON gives the value back as it is, or leaves it out (null in an array). */
const UNCHANGED = Symbol('unchanged');
const DROPPED = Symbol('dropped');
/** Deeper than this, the value goes through JSON itself (which throws on a cycle). */
const MAX_DEPTH = 200;

function storedOrSame(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return UNCHANGED;
    case 'number':
      if (!Number.isFinite(value)) return null;
      return Object.is(value, -0) ? 0 : UNCHANGED;
    case 'object': {
      if (value === null) return UNCHANGED;
      const prototype = Object.getPrototypeOf(value);
      const plain = Array.isArray(value) ? prototype === Array.prototype : prototype === Object.prototype;
      if (!plain || depth > MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        return viaJson(value);
      }
      return Array.isArray(value)
        ? arrayStoredOrSame(value, depth)
        : objectStoredOrSame(value as Record<string, unknown>, depth);
    }
    case 'bigint':
      return viaJson(value); // throws, as JSON does
    default:
      return DROPPED; // undefined, a function, a symbol
  }
}

function viaJson(value: unknown): unknown {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? DROPPED : (JSON.parse(text) as unknown);
}

function arrayStoredOrSame(array: readonly unknown[], depth: number): unknown {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i]; // a hole reads undefined: null, as JSON gives it
    let stored = storedOrSame(item, depth + 1);
    if (stored === DROPPED) stored = null;
    if (stored !== UNCHANGED && copy === undefined) copy = array.slice(0, i);
    if (copy !== undefined) copy.push(stored === UNCHANGED ? item : stored);
  }
  return copy ?? UNCHANGED;
}

function objectStoredOrSame(object: Readonly<Record<string, unknown>>, depth: number): unknown {
  const keys = Object.keys(object);
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === '__proto__') return viaJson(object);
    const item = object[key];
    const stored = storedOrSame(item, depth + 1);
    if (stored !== UNCHANGED && copy === undefined) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]!] = object[keys[j]!];
    }
    if (copy !== undefined && stored !== DROPPED) copy[key] = stored === UNCHANGED ? item : stored;
  }
  return copy ?? UNCHANGED;
}

/** Runs `fold` for one event of a batch; a failure names that event (the runner parks on it). */
export function foldEvent<T>(projection: string, recorded: RecordedEvent, fold: () => T): T {
  try {
    return fold();
  } catch (error) {
    throw new ProjectorError(projection, recorded, error);
  }
}
