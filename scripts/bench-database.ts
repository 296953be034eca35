import pg from 'pg';
import { startEmbeddedDatabase } from '#platform';

/**
 * A scratch database for a benchmark, dropped and recreated on each run (`keep`: kept when it exists,
 * `created` says which): on DATABASE_URL's server when it is set, otherwise in the embedded PostgreSQL
 * kept under `.data/pg-bench`.
 */
export async function benchDatabase(
  database: string,
  options: { readonly port?: number; readonly keep?: boolean } = {},
): Promise<{ url: string; created: boolean; stop: () => Promise<void>; drop: () => Promise<void> }> {
  const keep = options.keep ?? false;
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase({ name: 'pg-bench', port: options.port ?? 54331, database: 'postgres' });
  const adminUrl = process.env.DATABASE_URL ?? embedded!.url;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists =
    (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1;
  const created = !(keep && exists);
  if (created) {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const stop = async () => embedded?.stop();
  /** Drops the scratch database, then stops the embedded server if one was started. */
  const drop = async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
    await stop();
  };
  return { url: url.toString(), created, stop, drop };
}

/** `--name value` pairs from the command line. */
export function benchArgs(): Map<string, string> {
  const args = new Map<string, string>();
  process.argv
    .slice(2)
    .forEach((arg, i, all) => arg.startsWith('--') && args.set(arg.slice(2), all[i + 1] ?? ''));
  return args;
}
