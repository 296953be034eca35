import type { EntityManager } from 'typeorm';

/** One row that differs: its key, and the row as live has it and as the rebuild has it (null: absent). */
export interface RowDifference {
  readonly key: Readonly<Record<string, unknown>>;
  readonly live: Readonly<Record<string, unknown>> | null;
  readonly rebuilt: Readonly<Record<string, unknown>> | null;
  /** Columns whose values differ (every column when one side is absent). */
  readonly columns: readonly string[];
}

export interface TableDiff {
  readonly table: string;
  /** Rows of either side without an identical row on the other (counted with duplicates). */
  readonly differences: number;
  /** The first differing rows, paired by primary key (or by the whole row without one). */
  readonly rows: readonly RowDifference[];
}

type Row = Record<string, unknown>;

/**
 * Compares `liveSchema.table` with `shadowSchema.table` row by row, as jsonb (every column type
 * compares, json and numeric included): the rows of each side missing from the other (EXCEPT ALL),
 * the first `maxRows` keys of them shown with both versions.
 */
export async function diffTables(
  manager: EntityManager,
  liveSchema: string,
  shadowSchema: string,
  table: string,
  maxRows: number,
): Promise<TableDiff> {
  const live = `${liveSchema}.${table}`;
  const shadow = `${shadowSchema}.${table}`;
  const only = (a: string, b: string) =>
    `SELECT to_jsonb(a) AS row FROM ${a} a EXCEPT ALL SELECT to_jsonb(b) FROM ${b} b`;
  const [counted]: { count: number }[] = await manager.query(
    `SELECT ((SELECT count(*) FROM (${only(live, shadow)}) l) + (SELECT count(*) FROM (${only(shadow, live)}) s))::int AS count`,
  );
  const count = counted?.count ?? 0;
  if (count === 0) return { table, differences: 0, rows: [] };
  const keyColumns: string[] = (
    await manager.query(
      `SELECT a.attname AS name FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
      [live],
    )
  ).map((row: { name: string }) => row.name);
  const sample = async (a: string, b: string): Promise<Row[]> =>
    (await manager.query(`${only(a, b)} ORDER BY 1 LIMIT $1`, [maxRows])).map((r: { row: Row }) => r.row);
  const liveRows = await sample(live, shadow);
  const shadowRows = await sample(shadow, live);
  const keyOf = (row: Row) =>
    JSON.stringify(keyColumns.length > 0 ? keyColumns.map((column) => row[column]) : row);
  const rebuiltByKey = new Map(shadowRows.map((row) => [keyOf(row), row]));
  const rows: RowDifference[] = [];
  const pick = (row: Row): Row =>
    keyColumns.length > 0 ? Object.fromEntries(keyColumns.map((c) => [c, row[c]])) : row;
  for (const row of liveRows) {
    const rebuilt = rebuiltByKey.get(keyOf(row)) ?? null;
    rebuiltByKey.delete(keyOf(row));
    rows.push({ key: pick(row), live: row, rebuilt, columns: changedColumns(row, rebuilt) });
  }
  for (const rebuilt of rebuiltByKey.values()) {
    rows.push({ key: pick(rebuilt), live: null, rebuilt, columns: changedColumns(rebuilt, null) });
  }
  return { table, differences: count, rows: rows.slice(0, maxRows) };
}

function changedColumns(a: Row, b: Row | null): string[] {
  if (b === null) return Object.keys(a);
  return Object.keys(a).filter((column) => JSON.stringify(a[column]) !== JSON.stringify(b[column]));
}
