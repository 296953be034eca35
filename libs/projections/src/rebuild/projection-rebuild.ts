import type { EventStore, GlobalPosition, RecordedEvent } from '#event-store';
import type { DataSource, EntityManager } from 'typeorm';
import {
  insertCheckpointIfMissing,
  lockCheckpoint,
  readCheckpoints,
  rewindCheckpoint,
} from '../checkpoint-table.ts';
import { applyEvents, assertProjector, type Projector } from '../projector.ts';
import { CHECKPOINT_CHANNEL, READ_MODEL_SCHEMA } from '../read-model-schema.ts';
import { diffTables, type TableDiff } from './read-model-diff.ts';
import {
  createShadowSchema,
  declaredTables,
  dropShadowSchema,
  openShadowDataSource,
  shadowSchemaName,
  tablesWrittenInTransaction,
} from './shadow-schema.ts';

export interface RebuildProgress {
  readonly projection: string;
  /** Events read from the log so far (all types), and how many of them the projector applied. */
  readonly events: number;
  readonly applied: number;
  readonly eventsPerSecond: number;
  /** Events in the log when known (PostgreSQL: a count), for the ETA. */
  readonly total?: number;
  readonly etaSeconds?: number;
}

export interface ShadowBuildOptions {
  /** The read database (PostgreSQL connection string). */
  readonly url: string;
  readonly store: EventStore;
  readonly projector: Projector;
  /**
   * Events read and applied per shadow transaction (default 1,000). A shadow transaction never appends,
   * so it holds back no reader's stable prefix (README, "Order and liveness"); short ones still keep
   * locks and vacuum horizons short.
   */
  readonly batchSize?: number;
  /** How many events the log holds (for the ETA), if the caller can tell. */
  readonly totalEvents?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Least time between two progress reports (default 1,000 ms; the last one is always reported). */
  readonly progressIntervalMs?: number;
}

export interface RebuildReport {
  readonly projection: string;
  readonly events: number;
  readonly applied: number;
  readonly position: GlobalPosition;
  /** The live tables replaced in the swap. */
  readonly tables: readonly string[];
  readonly seconds: number;
}

export interface VerifyReport extends Omit<RebuildReport, 'tables'> {
  readonly tables: readonly TableDiff[];
  readonly identical: boolean;
}

/**
 * Rebuilds a projector's read model from position 0 into its shadow schema while the live tables keep
 * serving, then swaps in ONE transaction: the live checkpoint row is locked (the live runner waits),
 * the shadow catches up with the log's head, the live tables' rows are replaced by the shadow's
 * (DELETE + INSERT … SELECT: readers keep their snapshot and never wait, and the tables keep their
 * names, indexes, grants and dependants) and the checkpoint moves to the shadow's position under the
 * projector's version. Readers see the old rows until the commit and the new ones after it.
 */
export async function rebuildProjection(options: ShadowBuildOptions): Promise<RebuildReport> {
  return withShadow(options, async (shadow) => {
    await shadow.build();
    return shadow.dataSource.transaction(async (manager) => {
      await lockCheckpoint(manager, options.projector.name);
      await shadow.catchUp(manager);
      const tables = shadow.ownedTables();
      await assertNoLiveWrites(manager, shadow.schema, options.projector.name);
      for (const table of tables) await copyTable(manager, shadow.schema, table);
      const { name, version } = options.projector;
      await insertCheckpointIfMissing(manager, name, shadow.position, version);
      await rewindCheckpoint(manager, name, shadow.position, version);
      await manager.query('SELECT pg_notify($1, $2)', [CHECKPOINT_CHANNEL, `${name} ${shadow.position}`]);
      return { ...shadow.report(), tables };
    });
  });
}

/**
 * Rebuilds into the shadow up to the live checkpoint, then compares with the live tables at exactly the
 * live checkpoint's position (its row locked meanwhile, so the live runner cannot move it); the shadow
 * is dropped and nothing live changes.
 */
export async function verifyProjection(
  options: ShadowBuildOptions & { readonly maxRowsShown?: number },
): Promise<VerifyReport> {
  return withShadow(options, async (shadow) => {
    const [live] = await readCheckpoints(shadow.dataSource.manager, [options.projector.name]);
    await shadow.build(live?.position ?? 0n);
    return shadow.dataSource.transaction(async (manager) => {
      const locked = await lockCheckpoint(manager, options.projector.name);
      await shadow.catchUp(manager, locked?.position ?? 0n);
      await assertNoLiveWrites(manager, shadow.schema, options.projector.name);
      const tables: TableDiff[] = [];
      for (const table of shadow.ownedTables()) {
        tables.push(
          await diffTables(manager, READ_MODEL_SCHEMA, shadow.schema, table, options.maxRowsShown ?? 5),
        );
      }
      return { ...shadow.report(), tables, identical: tables.every((t) => t.differences === 0) };
    });
  });
}

/** Copies the shadow's rows over the live table's, in the caller's transaction. */
async function copyTable(manager: EntityManager, shadowSchema: string, table: string): Promise<void> {
  const columns: { name: string }[] = await manager.query(
    `SELECT quote_ident(attname) AS name FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
      ORDER BY attnum`,
    [`${READ_MODEL_SCHEMA}.${table}`],
  );
  const list = columns.map((column) => column.name).join(', ');
  await manager.query(`DELETE FROM ${READ_MODEL_SCHEMA}.${table}`);
  await manager.query(
    `INSERT INTO ${READ_MODEL_SCHEMA}.${table} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM ${shadowSchema}.${table}`,
  );
}

async function assertNoLiveWrites(manager: EntityManager, schema: string, projection: string): Promise<void> {
  refuseLiveWrites(await tablesWrittenInTransaction(manager), schema, projection);
}

function refuseLiveWrites(
  written: readonly { schema: string; table: string }[],
  schema: string,
  projection: string,
): void {
  const outside = written.filter((t) => t.schema !== schema);
  if (outside.length > 0) {
    throw new Error(
      `Projection "${projection}" wrote ${outside.map((t) => `${t.schema}.${t.table}`).join(', ')} during a rebuild: ` +
        'a projector must name its tables without the schema (raw SQL) or through read_model entities, so that ' +
        'a rebuild can redirect them to its shadow schema. Nothing was changed.',
    );
  }
}

interface Shadow {
  readonly dataSource: DataSource;
  readonly schema: string;
  position: GlobalPosition;
  build(until?: GlobalPosition): Promise<void>;
  catchUp(manager: EntityManager, until?: GlobalPosition): Promise<void>;
  ownedTables(): string[];
  report(): Omit<RebuildReport, 'tables'>;
}

const REBUILD_LOCK = 'zaitaku:projection-rebuild:';

/** Opens the shadow (one rebuild per projection at a time), runs `use`, drops the shadow whatever happens. */
async function withShadow<T>(options: ShadowBuildOptions, use: (shadow: Shadow) => Promise<T>): Promise<T> {
  const { projector, store } = options;
  assertProjector(projector);
  const schema = shadowSchemaName(projector.name);
  const dataSource = await openShadowDataSource(options.url, schema);
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    const [{ locked }] = await lock.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      REBUILD_LOCK + projector.name,
    ]);
    if (!locked) throw new Error(`A rebuild or verify of projection "${projector.name}" is already running`);
    try {
      await createShadowSchema(dataSource.manager, schema);
      const eventTypes = new Set(projector.eventTypes);
      const batchSize = options.batchSize ?? 1_000;
      const written = new Set<string>();
      const started = performance.now();
      let lastReport = -Infinity;
      let events = 0;
      let applied = 0;
      const progress = (force: boolean) => {
        const now = performance.now();
        if (!options.onProgress || (!force && now - lastReport < (options.progressIntervalMs ?? 1_000)))
          return;
        lastReport = now;
        const eventsPerSecond = events / Math.max((now - started) / 1000, 1e-3);
        const total = options.totalEvents;
        options.onProgress({
          projection: projector.name,
          events,
          applied,
          eventsPerSecond,
          ...(total === undefined
            ? {}
            : { total, etaSeconds: Math.max(0, total - events) / Math.max(eventsPerSecond, 1e-9) }),
        });
      };
      const applyBatch = async (manager: EntityManager, batch: readonly RecordedEvent[]) => {
        const relevant = batch.filter((event) => eventTypes.has(event.type));
        await applyEvents(projector, relevant, manager);
        applied += relevant.length;
        events += batch.length;
        const tables = await tablesWrittenInTransaction(manager);
        for (const { schema: s, table } of tables) if (s === schema) written.add(table);
        refuseLiveWrites(tables, schema, projector.name);
        shadow.position = batch[batch.length - 1]!.position;
        progress(false);
      };
      /**
       * Reads after the shadow's position (up to `until`), `apply` per page, until the end of the stable
       * prefix. The next page is read while the current one is applied (its start is the current page's
       * last position): reading and applying overlap.
       */
      const readOn = async (
        until: GlobalPosition | undefined,
        apply: (batch: RecordedEvent[]) => Promise<void>,
      ) => {
        const read = (after: GlobalPosition) => store.readAll({ after, maxCount: batchSize });
        for (let next = read(shadow.position); ;) {
          const page = await next;
          const batch = until === undefined ? page : page.filter((event) => event.position <= until);
          if (batch.length < batchSize) {
            if (batch.length > 0) await apply(batch);
            return;
          }
          next = read(batch[batch.length - 1]!.position);
          // A failed apply leaves the prefetch behind: its rejection must not go unhandled.
          await apply(batch).catch(async (error: unknown) => {
            await next.catch(() => undefined);
            throw error;
          });
        }
      };
      const shadow: Shadow = {
        dataSource,
        schema,
        position: 0n,
        build: async (until) => {
          await readOn(until, (batch) => dataSource.transaction((manager) => applyBatch(manager, batch)));
          progress(true);
        },
        catchUp: (manager, until) => readOn(until, (batch) => applyBatch(manager, batch)),
        ownedTables: () => [...(declaredTables(projector) ?? [...written].sort())],
        report: () => ({
          projection: projector.name,
          events,
          applied,
          position: shadow.position,
          seconds: (performance.now() - started) / 1000,
        }),
      };
      return await use(shadow);
    } finally {
      await dropShadowSchema(lock.manager, schema).catch(() => undefined);
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [REBUILD_LOCK + projector.name]);
    }
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}
