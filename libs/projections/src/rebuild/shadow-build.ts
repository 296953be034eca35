import type { EventStore, GlobalPosition, RecordedEvent } from '#event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { applyEvents, assertProjector, type Projector } from '../projector.ts';
import { readShared } from './shared-read.ts';
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

/** Events read and applied per shadow transaction unless the caller says otherwise. */
export const REBUILD_BATCH_SIZE = 5_000;

export interface ShadowOptions {
  /** The read database (PostgreSQL connection string). */
  readonly url: string;
  readonly store: EventStore;
  /**
   * Events read and applied per shadow transaction (default REBUILD_BATCH_SIZE). A shadow transaction
   * never appends, so it holds back no reader's stable prefix (README, "Order and liveness"); it writes
   * only the shadow's private tables, so a bigger batch blocks nobody.
   */
  readonly batchSize?: number;
  /** How many events the log holds (for the ETA), if the caller can tell. */
  readonly totalEvents?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Least time between two progress reports (default 1,000 ms; the last one is always reported). */
  readonly progressIntervalMs?: number;
}

/** What a rebuild or verify of one projector reports (the shadow's part of it). */
export interface ShadowReport {
  readonly projection: string;
  readonly events: number;
  readonly applied: number;
  readonly position: GlobalPosition;
  readonly seconds: number;
}

/**
 * One projector's shadow: its schema of empty UNLOGGED copies of the read_model tables, a DataSource
 * whose entities and search_path point there, and the position it has applied up to. `apply` runs a
 * page in a transaction of its own; `catchUp` reads on in the caller's transaction (the swap's).
 */
export interface Shadow {
  readonly projector: Projector;
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly position: GlobalPosition;
  apply(page: readonly RecordedEvent[]): Promise<void>;
  catchUp(manager: EntityManager, until?: GlobalPosition): Promise<void>;
  /** Reports progress one last time (the end of the build). */
  built(): void;
  ownedTables(): string[];
  report(): ShadowReport;
}

const REBUILD_LOCK = 'zaitaku:projection-rebuild:';

/**
 * Opens a shadow per projector (one rebuild or verify per projection at a time: an advisory lock),
 * runs `use`, then drops every shadow whatever happened.
 */
export async function withShadows<T>(
  options: ShadowOptions,
  projectors: readonly Projector[],
  use: (shadows: Shadow[]) => Promise<T>,
): Promise<T> {
  const opened: { shadow: Shadow; close: () => Promise<void> }[] = [];
  try {
    for (const projector of projectors) opened.push(await openShadow(options, projector));
    return await use(opened.map((o) => o.shadow));
  } finally {
    for (const { close } of opened) await close();
  }
}

/**
 * Builds every shadow from its position up to `until` (one for all, or each shadow its own; without it,
 * the stable head) from ONE read of the log: each page goes to every shadow, which applies its own event
 * types in a transaction of its own, on its own connection: the projectors apply in parallel.
 */
export async function buildShadows(
  options: ShadowOptions,
  shadows: readonly Shadow[],
  until?: GlobalPosition | ((shadow: Shadow) => GlobalPosition),
): Promise<void> {
  if (shadows.length === 0) return;
  const limitOf = typeof until === 'function' ? until : () => until;
  const limits = shadows.map(limitOf);
  const readUntil = limits.some((limit) => limit === undefined)
    ? undefined
    : (limits as GlobalPosition[]).reduce((max, limit) => (limit > max ? limit : max));
  const after = shadows.reduce((min, s) => (s.position < min ? s.position : min), shadows[0]!.position);
  await readShared(
    {
      store: options.store,
      after,
      ...(readUntil === undefined ? {} : { until: readUntil }),
      pageSize: batchSizeOf(options),
    },
    shadows.map((shadow, i) => async (page) => {
      const limit = limits[i];
      const unseen = page.filter(
        (event) => event.position > shadow.position && (limit === undefined || event.position <= limit),
      );
      if (unseen.length > 0) await shadow.apply(unseen);
    }),
  );
  for (const shadow of shadows) shadow.built();
}

const batchSizeOf = (options: ShadowOptions) => options.batchSize ?? REBUILD_BATCH_SIZE;

async function openShadow(
  options: ShadowOptions,
  projector: Projector,
): Promise<{ shadow: Shadow; close: () => Promise<void> }> {
  assertProjector(projector);
  const schema = shadowSchemaName(projector.name);
  const dataSource = await openShadowDataSource(options.url, schema);
  const lock = dataSource.createQueryRunner();
  let locked = false;
  const close = async () => {
    try {
      if (locked) {
        await dropShadowSchema(lock.manager, schema).catch(() => undefined);
        await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [REBUILD_LOCK + projector.name]);
      }
    } finally {
      await lock.release();
      await dataSource.destroy();
    }
  };
  try {
    await lock.connect();
    [{ locked }] = await lock.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      REBUILD_LOCK + projector.name,
    ]);
    if (!locked) throw new Error(`A rebuild or verify of projection "${projector.name}" is already running`);
    await createShadowSchema(dataSource.manager, schema);
  } catch (error) {
    await close();
    throw error;
  }
  const eventTypes = new Set(projector.eventTypes);
  const written = new Set<string>();
  const started = performance.now();
  let lastReport = -Infinity;
  let events = 0;
  let applied = 0;
  let position: GlobalPosition = 0n;
  const progress = (force: boolean) => {
    const now = performance.now();
    if (!options.onProgress || (!force && now - lastReport < (options.progressIntervalMs ?? 1_000))) return;
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
    const tables = await tablesWrittenInTransaction(manager);
    refuseLiveWrites(tables, schema, projector.name);
    for (const { schema: s, table } of tables) if (s === schema) written.add(table);
    applied += relevant.length;
    events += batch.length;
    position = batch[batch.length - 1]!.position;
    progress(false);
  };
  const shadow: Shadow = {
    projector,
    dataSource,
    schema,
    get position() {
      return position;
    },
    apply: (page) => dataSource.transaction((manager) => applyBatch(manager, page)),
    catchUp: async (manager, until) => {
      // The swap's (or verify's) own transaction commits durably, whatever the build's did.
      await manager.query('SET LOCAL synchronous_commit = on');
      const pageSize = batchSizeOf(options);
      for (;;) {
        const page = await options.store.readAll({ after: position, maxCount: pageSize });
        const batch = until === undefined ? page : page.filter((event) => event.position <= until);
        if (batch.length > 0) await applyBatch(manager, batch);
        if (batch.length < pageSize) return;
      }
    },
    built: () => progress(true),
    ownedTables: () => [...(declaredTables(projector) ?? [...written].sort())],
    report: () => ({
      projection: projector.name,
      events,
      applied,
      position,
      seconds: (performance.now() - started) / 1000,
    }),
  };
  return { shadow, close };
}

/** Throws (the transaction rolls back) when the transaction wrote any table outside the shadow schema. */
export async function assertNoLiveWrites(manager: EntityManager, shadow: Shadow): Promise<void> {
  refuseLiveWrites(await tablesWrittenInTransaction(manager), shadow.schema, shadow.projector.name);
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
