import pg from 'pg';

/** How far one projection stands behind the log. */
export interface ProjectionLag {
  readonly name: string;
  readonly status: string;
  /** Events of the log after its checkpoint (counted up to 100,000). */
  readonly events: number;
  /** Seconds since the oldest of those events was recorded (0 when none). */
  readonly seconds: number;
}

/**
 * The projections' lag, read from outside the worker as an operator would: each checkpoint of
 * `read_model.projection_checkpoints` against the events of the log after it.
 */
export class ProjectionLagProbe {
  private readonly pool: pg.Pool;
  /** The worst lag seen per projection since the last `resetWorst()`. */
  readonly worst = new Map<string, { events: number; seconds: number }>();

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  }

  async read(): Promise<ProjectionLag[]> {
    const { rows } = await this.pool.query<{ name: string; status: string; events: string; seconds: string }>(
      `SELECT c.name, c.status, behind.events, behind.seconds
         FROM read_model.projection_checkpoints c
         CROSS JOIN LATERAL (
           SELECT count(*) AS events,
                  coalesce(extract(epoch FROM now() - min(recorded_at)), 0) AS seconds
             FROM (SELECT recorded_at FROM event_store.events e
                    WHERE e.global_position > c.position ORDER BY e.global_position LIMIT 100000) tail
         ) behind
        ORDER BY c.name`,
    );
    const lags = rows.map((row) => ({
      name: row.name,
      status: row.status,
      events: Number(row.events),
      seconds: Number(row.seconds),
    }));
    for (const lag of lags) {
      const worst = this.worst.get(lag.name) ?? { events: 0, seconds: 0 };
      this.worst.set(lag.name, {
        events: Math.max(worst.events, lag.events),
        seconds: Math.max(worst.seconds, lag.seconds),
      });
    }
    return lags;
  }

  resetWorst(): void {
    this.worst.clear();
  }

  /** Polls until every projection has reached the end of the log; the seconds it took (or Infinity). */
  async waitCaughtUp(timeoutMs: number): Promise<number> {
    const start = performance.now();
    for (;;) {
      const lags = await this.read();
      if (lags.length > 0 && lags.every((lag) => lag.events === 0)) return (performance.now() - start) / 1000;
      if (performance.now() - start > timeoutMs) return Number.POSITIVE_INFINITY;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** `case-summaries 12 ev / 0.3 s, …` */
export function formatLags(lags: Iterable<{ name: string; events: number; seconds: number }>): string {
  return [...lags].map((lag) => `${lag.name} ${lag.events} ev / ${lag.seconds.toFixed(1)} s`).join(', ');
}
