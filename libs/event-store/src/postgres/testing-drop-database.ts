import type pg from 'pg';

/**
 * Drops a spec's scratch database once the sessions its closed pools ended have gone. A backend leaves a
 * moment after its client says goodbye; DROP … WITH (FORCE) at that moment terminates it, and a client
 * still closing then receives "terminating connection due to administrator command" as an unhandled
 * error (seen in CI). So: wait (up to 5 s) for the database to have no session, then drop.
 */
export async function dropScratchDatabase(admin: pg.Pool | pg.ClientBase, database: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
      [database],
    );
    if (rows[0]!.n === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}

/** The same server's URL on another database (a spec's scratch database). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
