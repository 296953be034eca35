import type { GlobalPosition } from './event-envelope.ts';

/**
 * The session whose transaction the stable prefix waits for (from pg_stat_activity; fields it may not
 * show to the store's role without pg_read_all_stats are null).
 */
export interface ReadableLagHolder {
  readonly pid: number | null;
  readonly database: string | null;
  readonly applicationName: string | null;
  readonly user: string | null;
  /** pg_stat_activity.state: 'active', 'idle in transaction', … */
  readonly state: string | null;
  /** Seconds since that transaction began. */
  readonly transactionAgeSeconds: number | null;
  /** Its transaction id (backend_xid) and the oldest snapshot it holds (backend_xmin). */
  readonly backendXid: string | null;
  readonly backendXmin: string | null;
}

/**
 * How far what readAll, readCategory and the subscriptions can see (the readable head) lags what is
 * committed (the written head). Some lag is normal while appends are in flight; a lag that grows
 * means an appending transaction stays open, named in `holder`.
 */
export interface ReadableLag {
  readonly writtenHead: GlobalPosition;
  readonly readableHead: GlobalPosition;
  /** Committed events readAll cannot return yet (counted up to 100,000). */
  readonly events: number;
  /** Age of the oldest of them (by its recordedAt and the store's clock), 0 when there are none. */
  readonly seconds: number;
  readonly holder?: ReadableLagHolder;
}
