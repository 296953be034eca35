import { hostname } from 'node:os';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import type { ProjectionLogger } from './projection-runner.ts';
import { CHECKPOINTS_TABLE } from './read-model-schema.ts';

/**
 * First key of the two-key advisory lock that is a projection's lease (the second: hashtext(name)).
 * 'proj'; the event store's appender locks use another class.
 */
export const PROJECTION_LEASE_LOCK_CLASS = 0x70726f6a;

/** How often a worker tries the leases it lacks, and checks the connection holding those it has. */
export const DEFAULT_LEASE_POLL_MS = 1_000;

/** The lease connection's application_name starts with this; the rest names the worker. */
const APPLICATION_PREFIX = 'zaitaku-projections ';

/**
 * The server drops the session of a worker whose host vanished (no FIN, no RST) after about
 * 5 + 3 × 2 s, freeing its leases; a killed process's socket closes at once anyway.
 */
const SERVER_KEEPALIVE = [
  'tcp_keepalives_idle = 5',
  'tcp_keepalives_interval = 2',
  'tcp_keepalives_count = 3',
];

/** A lease query that hangs this long (a half-open connection) counts as a lost connection. */
const LEASE_QUERY_TIMEOUT_MS = 10_000;

export interface ProjectionLeasesOptions {
  /** The read database (it holds the checkpoints): the leases are session advisory locks there. */
  readonly url: string;
  readonly names: readonly string[];
  /** Who this worker is, in status and pg_stat_activity (default `<hostname>/<pid>`). */
  readonly owner?: string;
  readonly pollIntervalMs?: number;
  /** The lease of `name` is now this worker's: start its runner. */
  readonly onAcquired: (name: string) => void | Promise<void>;
  /** These leases are gone or being given back: stop their runners (before the locks are released). */
  readonly onReleased: (names: readonly string[]) => Promise<void>;
  /** A held lease to give back for good: its runner stopped on its own (superseded by a newer version). */
  readonly isRetired?: (name: string) => boolean;
  readonly logger?: ProjectionLogger;
}

/**
 * One lease per projection, so that each projection runs in exactly one worker replica at a time:
 * a session-level PostgreSQL advisory lock (`pg_try_advisory_lock`) held on one dedicated connection
 * of this worker for as long as it runs the projection. Workers without it stand by and try again
 * every `pollIntervalMs`; the runner that takes over resumes from the checkpoint. A killed worker's
 * connection closes and its locks go with it, so the takeover comes within one poll. A connection
 * that breaks (or a ping that hangs past 10 s) stops this worker's runners, then it competes again.
 * The checkpoint row lock of every batch stays the second line: even two runners never apply an
 * event twice. Needs a session of its own: through PgBouncer, a session-pooling connection string.
 */
export class ProjectionLeases {
  readonly owner: string;
  private readonly held = new Set<string>();
  private readonly retired = new Set<string>();
  private client: pg.Client | undefined;
  private broken: Error | undefined;
  /** The last poll failed (the database away): its warning was given. */
  private failing = false;
  private abort = new AbortController();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: ProjectionLeasesOptions) {
    this.owner = options.owner ?? `${hostname()}/${process.pid}`;
  }

  /** Whether this worker holds the lease of `name` now. */
  holds(name: string): boolean {
    return this.held.has(name);
  }

  /** Takes what leases it can at once, then keeps polling in the background. */
  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  /** Stops polling, stops the runners it holds (onReleased), then closes the connection: the locks go. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await this.drop();
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.poll();
        if (this.failing) this.options.logger?.log('Projection leases: connection back');
        this.failing = false;
      } catch (error) {
        if (signal.aborted) return;
        // Said once per outage, not at every poll; a lease lost is always said.
        await this.drop(this.failing && this.held.size === 0 ? undefined : describe(error));
        this.failing = true;
      }
      if (signal.aborted) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollIntervalMs ?? DEFAULT_LEASE_POLL_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async poll(): Promise<void> {
    if (this.broken) throw this.broken;
    const client = (this.client ??= await this.connect());
    for (const name of this.held) {
      if (!this.options.isRetired?.(name)) continue;
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [PROJECTION_LEASE_LOCK_CLASS, name]);
      this.held.delete(name);
      this.retired.add(name);
      this.options.logger?.log(`Projection "${name}": lease given back (superseded here)`);
    }
    const wanted = this.options.names.filter((name) => !this.held.has(name) && !this.retired.has(name));
    if (wanted.length === 0) {
      await client.query('SELECT 1'); // the ping: the session, hence its locks, is still there
      return;
    }
    const { rows } = await client.query<{ name: string; locked: boolean }>(
      'SELECT name, pg_try_advisory_lock($1, hashtext(name)) AS locked FROM unnest($2::text[]) AS name',
      [PROJECTION_LEASE_LOCK_CLASS, wanted],
    );
    for (const { name, locked } of rows) {
      if (!locked || this.abort.signal.aborted) continue;
      this.held.add(name);
      this.options.logger?.log(`Projection "${name}": lease taken by ${this.owner}, running`);
      await this.options.onAcquired(name);
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: (APPLICATION_PREFIX + this.owner).slice(0, 63),
      keepAlive: true,
      connectionTimeoutMillis: LEASE_QUERY_TIMEOUT_MS,
      query_timeout: LEASE_QUERY_TIMEOUT_MS,
    });
    const broke = (error: Error) => {
      if (this.client !== client) return;
      this.broken ??= error;
      this.wake?.();
    };
    client.on('error', broke);
    client.on('end', () => broke(new Error('the lease connection closed')));
    try {
      await client.connect();
      await client.query(SERVER_KEEPALIVE.map((setting) => `SET ${setting}`).join('; '));
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  /** Stops the runners of every held lease, then closes the connection (releasing what it still holds). */
  private async drop(reason?: string): Promise<void> {
    const released = [...this.held];
    this.held.clear();
    const client = this.client;
    this.client = undefined;
    this.broken = undefined;
    if (reason !== undefined)
      this.options.logger?.warn(
        `Projection leases: no connection (${reason})${released.length > 0 ? `; stopping ${released.join(', ')}` : ''}; trying again every poll`,
      );
    if (released.length > 0) await this.options.onReleased(released);
    await client?.end().catch(() => undefined);
  }
}

/**
 * Which worker holds each projection's lease now (name → owner), from pg_locks: any connection to
 * the read database can tell, so the api reports it too.
 */
export async function readLeaseOwners(manager: EntityManager): Promise<Map<string, string>> {
  const rows: { name: string; owner: string }[] = await manager.query(
    `SELECT c.name, a.application_name AS owner
       FROM ${CHECKPOINTS_TABLE} c
       JOIN pg_locks l
         ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = $1::bigint::text::oid
        AND l.objid = (hashtext(c.name)::bigint & 4294967295)::text::oid
       JOIN pg_stat_activity a ON a.pid = l.pid`,
    [PROJECTION_LEASE_LOCK_CLASS],
  );
  return new Map(
    rows.map(({ name, owner }) => [
      name,
      owner.startsWith(APPLICATION_PREFIX) ? owner.slice(APPLICATION_PREFIX.length) : owner,
    ]),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
