import type { GlobalPosition } from '#event-store';
import type { EntityManager } from 'typeorm';
import { CHECKPOINT_CHANNEL, CHECKPOINTS_TABLE } from './read-model-schema.ts';

export type CheckpointStatus = 'running' | 'parked';

/** A row of read_model.projection_checkpoints. */
export interface StoredCheckpoint {
  readonly name: string;
  readonly position: GlobalPosition;
  readonly version: number;
  readonly status: CheckpointStatus;
  readonly lastError: string | null;
  readonly failedPosition: GlobalPosition | null;
  readonly updatedAt: Date;
}

interface CheckpointRow {
  name: string;
  position: string;
  version: number;
  status: CheckpointStatus;
  last_error: string | null;
  failed_position: string | null;
  updated_at: Date;
}

/** The SET of a checkpoint that moves: healthy again, whatever failed before. */
const HEALTHY = `status = 'running', last_error = NULL, failed_position = NULL, updated_at = now()`;

const COLUMNS =
  'name, position::text AS position, version, status, last_error, failed_position::text AS failed_position, updated_at';

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return {
    name: row.name,
    position: BigInt(row.position),
    version: row.version,
    status: row.status,
    lastError: row.last_error,
    failedPosition: row.failed_position === null ? null : BigInt(row.failed_position),
    updatedAt: row.updated_at,
  };
}

/** Checkpoints by name (all of them without names). Any EntityManager: the DataSource's or a transaction's. */
export async function readCheckpoints(
  manager: EntityManager,
  names?: readonly string[],
): Promise<StoredCheckpoint[]> {
  const rows: CheckpointRow[] =
    names === undefined
      ? await manager.query(`SELECT ${COLUMNS} FROM ${CHECKPOINTS_TABLE} ORDER BY name`)
      : await manager.query(
          `SELECT ${COLUMNS} FROM ${CHECKPOINTS_TABLE} WHERE name = ANY($1) ORDER BY name`,
          [[...names]],
        );
  return rows.map(toCheckpoint);
}

/**
 * The checkpoint, locked until the transaction ends: two runners of one projection (two worker
 * replicas) take turns per batch instead of applying the same events twice.
 */
export async function lockCheckpoint(
  manager: EntityManager,
  name: string,
): Promise<StoredCheckpoint | undefined> {
  const rows: CheckpointRow[] = await manager.query(
    `SELECT ${COLUMNS} FROM ${CHECKPOINTS_TABLE} WHERE name = $1 FOR UPDATE`,
    [name],
  );
  return rows[0] === undefined ? undefined : toCheckpoint(rows[0]);
}

export async function insertCheckpointIfMissing(
  manager: EntityManager,
  name: string,
  position: GlobalPosition,
  version: number,
): Promise<void> {
  await manager.query(
    `INSERT INTO ${CHECKPOINTS_TABLE} (name, position, version) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
    [name, position.toString(), version],
  );
}

/**
 * Moves the checkpoint forward (never back: the WHERE refuses it) and announces it. The NOTIFY is
 * transactional: listeners hear of it when, and only if, the batch commits.
 */
export async function advanceCheckpoint(
  manager: EntityManager,
  name: string,
  position: GlobalPosition,
): Promise<void> {
  // A SELECT around the UPDATE: TypeORM answers an UPDATE with [rows, count], a SELECT with rows.
  const [moved]: { count: number }[] = await manager.query(
    `WITH moved AS (
       UPDATE ${CHECKPOINTS_TABLE}
          SET position = $2, ${HEALTHY}
        WHERE name = $1 AND position < $2
        RETURNING name)
     SELECT count(*)::int AS count FROM moved`,
    [name, position.toString()],
  );
  if (moved?.count !== 1) {
    throw new Error(`Checkpoint "${name}" cannot move to ${position}: it is not behind it`);
  }
  await manager.query('SELECT pg_notify($1, $2)', [CHECKPOINT_CHANNEL, `${name} ${position}`]);
}

/** Back to a start position under a new version: a rebuild. */
export async function rewindCheckpoint(
  manager: EntityManager,
  name: string,
  position: GlobalPosition,
  version: number,
): Promise<void> {
  await manager.query(
    `UPDATE ${CHECKPOINTS_TABLE}
        SET position = $2, version = $3, ${HEALTHY}
      WHERE name = $1`,
    [name, position.toString(), version],
  );
}

export async function setCheckpointStatus(
  manager: EntityManager,
  name: string,
  status: CheckpointStatus,
  failure?: { readonly position: GlobalPosition; readonly error: string },
): Promise<void> {
  await manager.query(
    `UPDATE ${CHECKPOINTS_TABLE} SET status = $2, last_error = $3, failed_position = $4, updated_at = now() WHERE name = $1`,
    [name, status, failure?.error ?? null, failure?.position.toString() ?? null],
  );
}
