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
 * counted; the first `maxRows` of them shown with their other version, looked up by primary key
 * (null: no row of that key on that side), columns in the table's order.
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
  // jsonb orders keys by length: give the rows back in the table's column order.
  const columns: string[] = (
    await manager.query(
      `SELECT attname AS name FROM pg_attribute
        WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [live],
    )
  ).map((row: { name: string }) => row.name);
  const inColumnOrder = (row: Row): Row => Object.fromEntries(columns.map((c) => [c, row[c]]));
  const sample = async (a: string, b: string): Promise<Row[]> =>
    (await manager.query(`${only(a, b)} ORDER BY 1 LIMIT $1`, [maxRows])).map((r: { row: Row }) =>
      inColumnOrder(r.row),
    );
  const pick = (row: Row): Row => Object.fromEntries(keyColumns.map((c) => [c, row[c]]));
  /** The row of `from` with the key of `row` (its other version); null without a key or a row. */
  const counterpart = async (from: string, row: Row): Promise<Row | null> => {
    if (keyColumns.length === 0) return null;
    const [found]: { row: Row }[] = await manager.query(
      `SELECT to_jsonb(t) AS row FROM ${from} t WHERE to_jsonb(t) @> $1::jsonb LIMIT 1`,
      [JSON.stringify(pick(row))],
    );
    return found ? inColumnOrder(found.row) : null;
  };
  const keyOf = (row: Row) => JSON.stringify(keyColumns.length > 0 ? pick(row) : row);
  const rows: RowDifference[] = [];
  const shown = new Set<string>();
  for (const row of await sample(live, shadow)) {
    const rebuilt = await counterpart(shadow, row);
    shown.add(keyOf(row));
    rows.push({
      key: keyColumns.length > 0 ? pick(row) : row,
      live: row,
      rebuilt,
      columns: changed(row, rebuilt),
    });
  }
  for (const row of await sample(shadow, live)) {
    if (shown.has(keyOf(row))) continue;
    const liveRow = await counterpart(live, row);
    rows.push({
      key: keyColumns.length > 0 ? pick(row) : row,
      live: liveRow,
      rebuilt: row,
      columns: changed(row, liveRow),
    });
  }
  return { table, differences: count, rows: rows.slice(0, maxRows) };
}

function changed(a: Row, b: Row | null): string[] {
  if (b === null) return Object.keys(a);
  return Object.keys(a).filter((column) => JSON.stringify(a[column]) !== JSON.stringify(b[column]));
}
