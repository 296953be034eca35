import type { EntityManager } from 'typeorm';
import {
  insertCheckpointIfMissing,
  lockCheckpoint,
  readCheckpoints,
  rewindCheckpoint,
} from '../checkpoint-table.ts';
import type { Projector } from '../projector.ts';
import { CHECKPOINT_CHANNEL, READ_MODEL_SCHEMA } from '../read-model-schema.ts';
import { diffTables, type TableDiff } from './read-model-diff.ts';
import {
  assertNoLiveWrites,
  buildShadows,
  withShadows,
  type Shadow,
  type ShadowOptions,
  type ShadowReport,
} from './shadow-build.ts';

export type { RebuildProgress, ShadowOptions } from './shadow-build.ts';

export interface ShadowBuildOptions extends ShadowOptions {
  readonly projector: Projector;
}

export interface RebuildAllOptions extends ShadowOptions {
  readonly projectors: readonly Projector[];
}

export interface RebuildReport extends ShadowReport {
  /** The live tables replaced in the swap. */
  readonly tables: readonly string[];
}

export interface VerifyReport extends ShadowReport {
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
  const [report] = await rebuildProjections({ ...options, projectors: [options.projector] });
  return report!;
}

/**
 * Rebuilds several projectors at once: ONE read of the log feeds every shadow, each projector applying
 * its own event types in transactions of its own, in parallel with the others (shadow-build.ts); then
 * each is swapped, one after another, exactly as rebuildProjection swaps one.
 */
export async function rebuildProjections(options: RebuildAllOptions): Promise<RebuildReport[]> {
  return withShadows(options, options.projectors, async (shadows) => {
    await buildShadows(options, shadows);
    const reports: RebuildReport[] = [];
    for (const shadow of shadows) reports.push(await swap(shadow));
    return reports;
  });
}

/** Replaces the live tables' rows and checkpoint with the shadow's, in one transaction. */
async function swap(shadow: Shadow): Promise<RebuildReport> {
  return shadow.dataSource.transaction(async (manager) => {
    const { name, version } = shadow.projector;
    await lockCheckpoint(manager, name);
    await shadow.catchUp(manager);
    const tables = shadow.ownedTables();
    await assertNoLiveWrites(manager, shadow);
    for (const table of tables) await copyTable(manager, shadow.schema, table);
    await insertCheckpointIfMissing(manager, name, shadow.position, version);
    await rewindCheckpoint(manager, name, shadow.position, version);
    await manager.query('SELECT pg_notify($1, $2)', [CHECKPOINT_CHANNEL, `${name} ${shadow.position}`]);
    return { ...shadow.report(), tables };
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
  const [report] = await verifyProjections({ ...options, projectors: [options.projector] });
  return report!;
}

/**
 * Verifies several projectors at once: ONE read of the log builds every shadow up to its own live
 * checkpoint (the projectors in parallel), then each is compared as verifyProjection compares one.
 */
export async function verifyProjections(
  options: RebuildAllOptions & { readonly maxRowsShown?: number },
): Promise<VerifyReport[]> {
  return withShadows(options, options.projectors, async (shadows) => {
    if (shadows.length === 0) return [];
    const names = options.projectors.map((projector) => projector.name);
    const live = new Map(
      (await readCheckpoints(shadows[0]!.dataSource.manager, names)).map((c) => [c.name, c.position]),
    );
    await buildShadows(options, shadows, (shadow) => live.get(shadow.projector.name) ?? 0n);
    const reports: VerifyReport[] = [];
    for (const shadow of shadows) reports.push(await compare(shadow, options.maxRowsShown ?? 5));
    return reports;
  });
}

/** Catches the shadow up to the live checkpoint, locked, and compares the tables. */
async function compare(shadow: Shadow, maxRowsShown: number): Promise<VerifyReport> {
  return shadow.dataSource.transaction(async (manager) => {
    const locked = await lockCheckpoint(manager, shadow.projector.name);
    await shadow.catchUp(manager, locked?.position ?? 0n);
    await assertNoLiveWrites(manager, shadow);
    const tables: TableDiff[] = [];
    for (const table of shadow.ownedTables()) {
      tables.push(await diffTables(manager, READ_MODEL_SCHEMA, shadow.schema, table, maxRowsShown));
    }
    return { ...shadow.report(), tables, identical: tables.every((t) => t.differences === 0) };
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
