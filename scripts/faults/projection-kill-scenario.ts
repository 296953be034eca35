import { spawn, type ChildProcess } from 'node:child_process';
import type { GlobalPosition } from '#event-store';
import { readCheckpoints, READ_MODEL_PROJECTORS } from '#projections';
import { verifyProjection } from '../../libs/projections/src/rebuild/projection-rebuild.ts';
import { appendSubsidyLog } from '#projections-testing';
import { startPrivateDatabase } from './private-database.ts';

export interface ProjectionKillOptions {
  /** Hospitals of the subsidy log written while the worker is killed (about 25 events each). */
  readonly hospitals: number;
  /** SIGKILLs of the worker while it projects. */
  readonly kills: number;
  /** Events per projection batch (default 100: a kill lands inside a batch's transaction). */
  readonly batchSize?: number;
  readonly log?: (line: string) => void;
}

export interface ProjectionKillReport {
  readonly events: number;
  /** Events in the log at the end: must equal `events`. */
  readonly stored: number;
  readonly kills: number;
  /** Kills that landed while the read models were behind the log (work in hand): should be most. */
  readonly killsWhileBehind: number;
  /** Per projection: rows differing between the live read model and a rebuild from position 0 (must be 0). */
  readonly differences: Readonly<Record<string, number>>;
  /** Per projection: events the rebuild applied (the read models are not trivially empty). */
  readonly applied: Readonly<Record<string, number>>;
  readonly identical: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The worker's projection runners (test/fixtures/projection-runner-process: READ_MODEL_PROJECTORS on
 * ProjectionRunner, as the worker runs them, in a process of its own) projecting the read models while
 * the subsidy log is appended, killed with SIGKILL `kills` times at random moments of its work
 * and started again; finally left to catch up and stopped gracefully. Then every projection is
 * rebuilt from position 0 in a shadow schema and compared with the live read model, row by row
 * (`projections verify`). On a PostgreSQL server of its own.
 */
export async function projectionKillScenario(options: ProjectionKillOptions): Promise<ProjectionKillReport> {
  const started = Date.now();
  const log = (line: string) => options.log?.(`${((Date.now() - started) / 1000).toFixed(1)} s: ${line}`);
  const db = await startPrivateDatabase();
  const names = READ_MODEL_PROJECTORS.map((p) => p.name);
  let child: ChildProcess | undefined;
  const startWorker = () =>
    spawn(
      process.execPath,
      ['dist/test/fixtures/projection-runner-process.js', db.url, String(options.batchSize ?? 100)],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  const positions = async () => (await readCheckpoints(db.dataSource.manager, names)).map((c) => c.position);
  const total = async () => (await positions()).reduce((sum, p) => sum + p, 0n);
  const behind = async () => {
    const head = await db.store.headPosition();
    const at = await positions();
    return at.length < names.length || at.some((p) => p < head);
  };
  try {
    let events = 0;
    let head: GlobalPosition = 0n;
    const chunks = Math.max(options.kills + 1, 4);
    const writing = (async () => {
      for (let c = 0; c < chunks; c++) {
        const written = await appendSubsidyLog(
          db.store,
          `fault${c}`,
          Math.ceil(options.hospitals / chunks),
          4,
          c === 0, // one budget stream for the whole log
        );
        events += written.events;
        if (written.position > head) head = written.position;
        await sleep(100);
      }
    })();
    let kills = 0;
    let killsWhileBehind = 0;
    for (let k = 0; k < options.kills; k++) {
      child = startWorker();
      // Killed once it has been seen at work (a checkpoint moved), a random moment later.
      const before = await total();
      const deadline = Date.now() + 30_000;
      while ((await total()) === before && Date.now() < deadline) await sleep(10);
      await sleep(Math.floor(Math.random() * 150));
      if (await behind()) killsWhileBehind++;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      kills++;
      log(
        `kill ${kills}: read models at ${(await positions()).join(', ')} of head ${await db.store.headPosition()}`,
      );
    }
    await writing;
    while ((await db.store.headPosition()) < head) await sleep(50);

    log(`${events} events written; the worker catches up`);
    child = startWorker();
    const deadline = Date.now() + 120_000;
    while ((await positions()).some((p) => p < head) || (await positions()).length < names.length) {
      if (Date.now() > deadline) throw new Error(`the read models did not reach position ${head}`);
      await sleep(50);
    }
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    child = undefined;

    log('caught up and stopped; verifying every projection against a rebuild');
    const differences: Record<string, number> = {};
    const applied: Record<string, number> = {};
    for (const projector of READ_MODEL_PROJECTORS) {
      const report = await verifyProjection({ url: db.url, store: db.store, projector });
      differences[projector.name] = report.tables.reduce((sum, t) => sum + t.differences, 0);
      applied[projector.name] = report.applied;
    }
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::integer AS n FROM event_store.events',
    );
    log(`${events} events; ${kills} kills, ${killsWhileBehind} with the read models behind the log`);
    return {
      events,
      stored: rows[0]!.n,
      kills,
      killsWhileBehind,
      differences,
      applied,
      identical: Object.values(differences).every((n) => n === 0),
    };
  } finally {
    child?.kill('SIGKILL');
    await db.close();
  }
}

/** What must not happen, named (empty: the run held). */
export function projectionKillAnomalies(report: ProjectionKillReport): string[] {
  return [
    ...(report.stored !== report.events
      ? [`${report.stored} events stored of ${report.events} written`]
      : []),
    ...Object.entries(report.differences)
      .filter(([, n]) => n > 0)
      .map(([projection, n]) => `${projection}: ${n} rows differ from a rebuild`),
  ];
}
