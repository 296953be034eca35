import {
  createReadModelDataSource,
  migrateReadModel,
  READ_MODEL_PROJECTORS,
  type Projector,
} from '#projections';
import {
  rebuildProjections,
  verifyProjections,
  type RebuildProgress,
} from '../../libs/projections/src/rebuild/projection-rebuild.ts';
import type { CliContext } from './cli-context.ts';
import { projectionsStatus } from './projections-status.ts';

export const PROJECTIONS_USAGE = `npm run cli -- projections rebuild [name]   rebuild read models from position 0 in a shadow schema, then swap atomically
npm run cli -- projections verify [name]    rebuild in a shadow schema and compare with the live read models (exit 1 on any difference)
npm run cli -- projections status [name]    checkpoints against the log's head and the worker running each (exit 1 if one is parked or unrun)`;

/** Where the command writes: progress and findings (stdout), problems (stderr). */
export interface CommandOutput {
  log(line: string): void;
  error(line: string): void;
}

export async function projectionsCommand(
  args: readonly string[],
  openContext: () => Promise<CliContext>,
  projectors: readonly Projector[] = READ_MODEL_PROJECTORS,
  out: CommandOutput = { log: (l) => console.log(l), error: (l) => console.error(l) },
): Promise<number> {
  const [action, name, ...extra] = args;
  if ((action !== 'rebuild' && action !== 'verify' && action !== 'status') || extra.length > 0) {
    out.error(`usage:\n${PROJECTIONS_USAGE}`);
    return 2;
  }
  const chosen = name === undefined ? projectors : projectors.filter((p) => p.name === name);
  if (chosen.length === 0) {
    const known = projectors.map((p) => p.name).join(', ') || 'none registered';
    out.error(
      name === undefined
        ? 'no projectors in READ_MODEL_PROJECTORS'
        : `unknown projection ${JSON.stringify(name)} (known: ${known})`,
    );
    return 2;
  }
  const context = await openContext();
  try {
    const url = context.pool.options.connectionString!;
    await migrateReadSide(url, out);
    if (action === 'status') return await projectionsStatus(url, context, chosen, (line) => out.log(line));
    const totalEvents = await countEvents(context);
    const options = (projector: Projector) => ({
      url,
      store: context.store,
      projector,
      ...(totalEvents === undefined ? {} : { totalEvents }),
      onProgress: (p: RebuildProgress) => out.log(progressLine(p)),
    });
    if (action === 'rebuild') {
      // One read of the log for all of them, the projectors in parallel; then one swap each.
      const reports = await rebuildProjections({ ...options(chosen[0]!), projectors: chosen });
      for (const report of reports) {
        out.log(
          `${report.projection}: rebuilt from ${report.events} events (${report.applied} applied) in ${report.seconds.toFixed(1)} s, ` +
            `swapped ${report.tables.join(', ') || 'no tables'}, checkpoint at ${report.position}`,
        );
      }
      return 0;
    }
    // One read of the log for all of them, each built up to its live checkpoint; then one diff each.
    let differing = 0;
    for (const report of await verifyProjections({ ...options(chosen[0]!), projectors: chosen })) {
      for (const table of report.tables) {
        if (table.differences === 0) {
          out.log(`${report.projection}: read_model.${table.table} identical`);
          continue;
        }
        out.log(
          `${report.projection}: read_model.${table.table}: ${table.differences} rows differ; first ones:`,
        );
        for (const row of table.rows) {
          out.log(`  row ${JSON.stringify(row.key)} (columns ${row.columns.join(', ')})`);
          out.log(`    live:    ${JSON.stringify(row.live)}`);
          out.log(`    rebuilt: ${JSON.stringify(row.rebuilt)}`);
        }
      }
      out.log(
        `${report.projection}: ${report.identical ? 'IDENTICAL' : 'DIFFERENT'} at position ${report.position} ` +
          `(${report.events} events replayed in ${report.seconds.toFixed(1)} s)`,
      );
      if (!report.identical) differing++;
    }
    return differing > 0 ? 1 : 0;
  } finally {
    await context.close();
  }
}

/**
 * The read_model schema as the apps would leave it: a database the apps never started on (a log
 * restored for an audit, say) has none, and the shadow is cloned from it. Same lock as the apps.
 */
async function migrateReadSide(url: string, out: CommandOutput): Promise<void> {
  const dataSource = createReadModelDataSource({ url, poolSize: 1, applicationName: 'zaitaku-cli' });
  await dataSource.initialize();
  try {
    const ran = await migrateReadModel(dataSource);
    if (ran.length > 0) out.log(`read_model schema migrated: ${ran.join(', ')}`);
  } finally {
    await dataSource.destroy();
  }
}

/** The number of events in the log (PostgreSQL store); undefined when the pool does not hold it. */
async function countEvents(context: CliContext): Promise<number | undefined> {
  try {
    const { rows } = await context.pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM event_store.events',
    );
    return Number(rows[0]!.n);
  } catch {
    return undefined;
  }
}

function progressLine(p: RebuildProgress): string {
  const of = p.total === undefined ? '' : ` of ${p.total}`;
  const eta = p.etaSeconds === undefined ? '' : `, ETA ${p.etaSeconds.toFixed(0)} s`;
  return `${p.projection}: ${p.events}${of} events (${p.applied} applied), ${Math.round(p.eventsPerSecond)} events/s${eta}`;
}
