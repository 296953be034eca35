import type pg from 'pg';
import type { EventStore } from '#event-store';

/** Events (rows) and the seconds they took. */
export interface Measured {
  readonly events: number;
  readonly seconds: number;
}

/**
 * The raw read baseline of the benchmarks: a plain `pg` cursor SELECT of a whole table in global
 * position order, `FETCH 1000` at a time, every row parsed by the driver. Returns the row count.
 */
export async function cursorReadAll(raw: pg.Pool, table: string): Promise<number> {
  const client = await raw.connect();
  try {
    await client.query('BEGIN');
    await client.query(`DECLARE log CURSOR FOR SELECT * FROM ${table} ORDER BY global_position`);
    let n = 0;
    for (;;) {
      const page = await client.query('FETCH 1000 FROM log');
      n += page.rowCount ?? 0;
      if ((page.rowCount ?? 0) < 1000) break;
    }
    await client.query('COMMIT');
    return n;
  } finally {
    client.release();
  }
}

/** The whole log through the store's readAll, page after page (pages of 1,000: a projection's catch-up). */
export async function storeReadAll(store: EventStore, pageSize = 1000): Promise<number> {
  let after = 0n;
  let n = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    n += page.length;
    if (page.length < pageSize) return n;
    after = page[page.length - 1]!.position;
  }
}

/** Runs `fn`, which answers how many events it handled, and times it. */
export async function timed(fn: () => Promise<number>): Promise<Measured> {
  const started = performance.now();
  const events = await fn();
  return { events, seconds: (performance.now() - started) / 1000 };
}

export function combine(results: readonly Measured[]): Measured {
  return {
    events: results.reduce((sum, r) => sum + r.events, 0),
    seconds: results.reduce((sum, r) => sum + r.seconds, 0),
  };
}
