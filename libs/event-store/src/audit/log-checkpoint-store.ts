import type pg from 'pg';
import { EventStoreError } from '../port/errors.ts';
import type { LogCheckpoint } from './log-checkpoint.ts';

/**
 * Signed log checkpoints live in PostgreSQL (schema `audit`) whatever the event store, beside the read
 * models. They are evidence, not state: nothing reads them but `audit verify` and exports.
 */
export class PostgresLogCheckpointStore {
  constructor(private readonly pool: pg.Pool) {}

  async ensureSchema(): Promise<void> {
    await this.pool.query(`CREATE SCHEMA IF NOT EXISTS audit;
      CREATE TABLE IF NOT EXISTS audit.log_checkpoints (
        sequence    integer PRIMARY KEY,
        position    numeric(40, 0) NOT NULL,
        checkpoint  jsonb NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
  }

  async latest(): Promise<LogCheckpoint | undefined> {
    const { rows } = await this.pool.query<{ checkpoint: LogCheckpoint }>(
      'SELECT checkpoint FROM audit.log_checkpoints ORDER BY sequence DESC LIMIT 1',
    );
    return rows[0]?.checkpoint;
  }

  async all(): Promise<LogCheckpoint[]> {
    const { rows } = await this.pool.query<{ checkpoint: LogCheckpoint }>(
      'SELECT checkpoint FROM audit.log_checkpoints ORDER BY sequence',
    );
    return rows.map((r) => r.checkpoint);
  }

  /** Refuses a sequence already taken: two checkpointers racing record one checkpoint, not two. */
  async append(checkpoint: LogCheckpoint): Promise<void> {
    try {
      await this.pool.query(
        'INSERT INTO audit.log_checkpoints (sequence, position, checkpoint, recorded_at) VALUES ($1, $2, $3, $4)',
        [checkpoint.sequence, checkpoint.position, JSON.stringify(checkpoint), checkpoint.recordedAt],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new EventStoreError(
          'WRONG_EXPECTED_REVISION',
          `audit checkpoint ${checkpoint.sequence} was recorded concurrently by another process`,
          { sequence: checkpoint.sequence },
        );
      }
      throw error;
    }
  }
}
