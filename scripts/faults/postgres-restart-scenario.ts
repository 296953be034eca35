import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore, verifyStoredLog, describeFinding, type NewEvent } from '#event-store';
import { systemClock } from '#platform';
import { startPrivatePostgres } from './private-postgres.ts';

export interface PostgresRestartOptions {
  /** Concurrent writers, each on streams of its own. */
  readonly writers: number;
  /** Appends per writer (1–3 events each). */
  readonly appendsPerWriter: number;
  /** Server restarts while the writers run, alternately fast and immediate shutdowns. */
  readonly restarts: number;
  /** How long the server stays down each time. */
  readonly downMs: number;
  readonly log?: (line: string) => void;
}

export interface PostgresRestartReport {
  readonly restarts: number;
  /** Append calls that answered an error (the server was down or went down during them). */
  readonly failedAttempts: number;
  /** Events whose append answered success (after retries for the retrying writers). */
  readonly acknowledged: number;
  /** Events whose append never answered success (the dropping writers give up at the first error). */
  readonly unacknowledged: number;
  /** Of those, how many are in the log anyway (committed, but the answer was lost): allowed, once. */
  readonly unacknowledgedPresent: number;
  readonly stored: number;
  /** The anomalies: each must be 0. */
  readonly lost: number;
  readonly duplicated: number;
  readonly unknown: number;
  readonly revisionGaps: number;
  readonly auditFindings: readonly string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL restarted under writers: a server of its own (never the shared one), `writers` writers
 * appending batches with ids they chose, each on streams of its own, while the server is stopped
 * (fast or immediate shutdown) and started `restarts` times. Even writers retry a failed append with
 * the same ids until it answers (the idempotent retry of a client); odd writers drop it. Afterwards
 * every acknowledged event must be stored exactly once, an unacknowledged one at most once, nothing
 * else stored, revisions contiguous per stream, and the hash chains verify.
 */
export async function postgresRestartScenario(
  options: PostgresRestartOptions,
): Promise<PostgresRestartReport> {
  const log = options.log ?? (() => undefined);
  const server = await startPrivatePostgres();
  try {
    const store = await PostgresEventStore.open({
      connectionString: server.url,
      clock: systemClock,
      poolSize: Math.max(4, options.writers),
    });
    const acknowledged = new Set<string>();
    const unacknowledged = new Set<string>();
    let failedAttempts = 0;
    let appendsDone = 0;
    let writing = true;
    const writer = async (w: number) => {
      const retries = w % 2 === 0;
      for (let i = 0; i < options.appendsPerWriter; i++) {
        const events: NewEvent[] = Array.from({ length: 1 + ((i + w) % 3) }, (_, k) => ({
          id: uuidv7(),
          type: 'FaultProbeAppended',
          data: { writer: w, append: i, k, note: '在宅療養' },
          metadata: { actorId: 'fault-test', actorRole: 'system', correlationId: `w${w}-${i}` },
        }));
        const stream = `faultProbe-w${w}s${i % 7}`;
        for (;;) {
          try {
            await store.append(stream, events, { expectedRevision: 'any' });
            for (const e of events) acknowledged.add(e.id!);
            break;
          } catch {
            failedAttempts++;
            await sleep(50); // a client backs off either way
            if (!retries) {
              for (const e of events) unacknowledged.add(e.id!);
              break;
            }
          }
        }
        appendsDone++;
        // Unhurried enough that the restarts fall among the appends.
        if (i % 10 === 9) await sleep(5);
      }
    };
    const writers = Promise.all(Array.from({ length: options.writers }, (_, w) => writer(w))).finally(() => {
      writing = false;
    });
    let restarts = 0;
    const appends = options.writers * options.appendsPerWriter;
    for (let r = 0; r < options.restarts && writing; r++) {
      // Spread over the run: restart r once (r + 1) / (restarts + 1) of the appends are done.
      const due = Math.floor((appends * (r + 1)) / (options.restarts + 1));
      while (appendsDone < due && writing) await sleep(10);
      if (!writing) break;
      const mode = r % 2 === 0 ? 'immediate' : 'fast';
      await server.stop(mode);
      await sleep(options.downMs);
      await server.start();
      restarts++;
      log(
        `restart ${restarts} (${mode} shutdown, down ${options.downMs} ms): ${acknowledged.size} events acknowledged so far`,
      );
    }
    await writers;

    const raw = new pg.Client({ connectionString: server.url });
    await raw.connect();
    const { rows } = await raw.query<{ event_id: string; stream_id: string; revision: number }>(
      'SELECT event_id, stream_id, revision::integer AS revision FROM event_store.events ORDER BY stream_id, revision',
    );
    await raw.end();
    const count = new Map<string, number>();
    for (const row of rows) count.set(row.event_id, (count.get(row.event_id) ?? 0) + 1);
    let revisionGaps = 0;
    for (let i = 0, expected = 0; i < rows.length; i++) {
      if (i > 0 && rows[i]!.stream_id !== rows[i - 1]!.stream_id) expected = 0;
      if (rows[i]!.revision !== expected) revisionGaps++;
      expected = rows[i]!.revision + 1;
    }
    const audit = await verifyStoredLog(store, [], new Map());
    await store.close();
    return {
      restarts,
      failedAttempts,
      acknowledged: acknowledged.size,
      unacknowledged: unacknowledged.size,
      unacknowledgedPresent: [...unacknowledged].filter((id) => count.has(id)).length,
      stored: rows.length,
      lost: [...acknowledged].filter((id) => !count.has(id)).length,
      duplicated: [...count.values()].filter((n) => n > 1).length,
      unknown: [...count.keys()].filter((id) => !acknowledged.has(id) && !unacknowledged.has(id)).length,
      revisionGaps,
      auditFindings: audit.findings.map(describeFinding),
    };
  } finally {
    await server.destroy();
  }
}

/** What must not happen, named (empty: the run held). */
export function postgresRestartAnomalies(report: PostgresRestartReport): string[] {
  return [
    ...(report.lost > 0 ? [`${report.lost} acknowledged events lost`] : []),
    ...(report.duplicated > 0 ? [`${report.duplicated} events stored twice`] : []),
    ...(report.unknown > 0 ? [`${report.unknown} events stored that no writer sent`] : []),
    ...(report.revisionGaps > 0 ? [`${report.revisionGaps} revision gaps`] : []),
    ...report.auditFindings.map((finding) => `audit: ${finding}`),
    ...(report.stored !== report.acknowledged + report.unacknowledgedPresent
      ? [
          `${report.stored} stored ≠ ${report.acknowledged} acknowledged + ${report.unacknowledgedPresent} unacknowledged present`,
        ]
      : []),
  ];
}
