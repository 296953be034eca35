import type pg from 'pg';
import { EventStoreError } from '../port/errors.ts';
import type { LogCheckpoint } from './log-checkpoint.ts';

/** An event as a leaf of the signed Merkle tree: what `audit verify` compares the log with. */
export interface SignedLeaf {
  readonly index: number;
  readonly position: string;
  readonly eventId: string;
  readonly eventHash: string;
}

const LEAF_PAGE = 5_000;

/**
 * Signed log checkpoints live in PostgreSQL (schema `audit`) whatever the event store, beside the read
 * models. They are evidence, not state: nothing reads them but `audit verify` and exports.
 *
 * `audit.log_leaves` keeps, per leaf of the Merkle tree, the event it was made of. It is authenticated
 * by the signed tree heads (verify recomputes them from it), and lets `audit verify` name the events a
 * swap or deletion touched and `audit prove` build proofs without re-reading the events.
 *
 * The tables are the event store's migration 6 (schema.ts), applied by `migrateEventStore` on this
 * pool's database: by opening a PostgreSQL event store on it, or, beside KurrentDB, by
 * InfrastructureModule and the CLI, which migrate the read database's event_store and audit schemas.
 */
export class PostgresLogCheckpointStore {
  constructor(private readonly pool: pg.Pool) {}

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

  async bySequence(sequence: number): Promise<LogCheckpoint | undefined> {
    const { rows } = await this.pool.query<{ checkpoint: LogCheckpoint }>(
      'SELECT checkpoint FROM audit.log_checkpoints WHERE sequence = $1',
      [sequence],
    );
    return rows[0]?.checkpoint;
  }

  /** Leaves are the same whoever computes them: a racing checkpointer's copy is ignored. */
  async appendLeaves(leaves: readonly SignedLeaf[]): Promise<void> {
    if (leaves.length === 0) return;
    await this.pool.query(
      `INSERT INTO audit.log_leaves (leaf_index, position, event_id, event_hash)
       SELECT i, p, e, decode(h, 'hex') FROM unnest($1::bigint[], $2::numeric[], $3::uuid[], $4::text[]) AS t(i, p, e, h)
       ON CONFLICT (leaf_index) DO NOTHING`,
      [
        leaves.map((l) => l.index),
        leaves.map((l) => l.position),
        leaves.map((l) => l.eventId),
        leaves.map((l) => l.eventHash),
      ],
    );
  }

  /** The stored leaves from `from` on, in index order, page by page. */
  async *leaves(from = 0, to = Number.MAX_SAFE_INTEGER): AsyncGenerator<SignedLeaf> {
    for (let next = from; next < to;) {
      const { rows } = await this.pool.query<{ i: string; p: string; e: string; h: string }>(
        `SELECT leaf_index::text AS i, position::text AS p, event_id::text AS e, encode(event_hash, 'hex') AS h
           FROM audit.log_leaves WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index LIMIT ${LEAF_PAGE}`,
        [next, to],
      );
      for (const row of rows)
        yield { index: Number(row.i), position: row.p, eventId: row.e, eventHash: row.h };
      if (rows.length < LEAF_PAGE) return;
      next = Number(rows.at(-1)!.i) + 1;
    }
  }

  async leafOfEvent(eventId: string): Promise<SignedLeaf | undefined> {
    const { rows } = await this.pool.query<{ i: string; p: string; e: string; h: string }>(
      `SELECT leaf_index::text AS i, position::text AS p, event_id::text AS e, encode(event_hash, 'hex') AS h
         FROM audit.log_leaves WHERE event_id = $1 ORDER BY leaf_index LIMIT 1`,
      [eventId],
    );
    const row = rows[0];
    return row && { index: Number(row.i), position: row.p, eventId: row.e, eventHash: row.h };
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
