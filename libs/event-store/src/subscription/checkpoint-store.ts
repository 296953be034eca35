import type pg from 'pg';
import type { GlobalPosition } from '../port/event-envelope.ts';

/**
 * Checkpoints live in PostgreSQL, next to the read models, whatever the event store: a handler's
 * writes and the checkpoint after them commit in one transaction, so a crash either keeps both or
 * neither, and a batch is never applied twice.
 *
 * The table is the event store's migration 1 (schema.ts), applied by `migrateEventStore` on this
 * pool's database (opening a PostgreSQL event store on it does; beside KurrentDB, call it).
 */
export class PostgresCheckpointStore {
  constructor(private readonly pool: pg.Pool) {}

  async load(name: string): Promise<GlobalPosition> {
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT position::text AS position FROM event_store.checkpoints WHERE name = $1',
      [name],
    );
    return BigInt(rows[0]?.position ?? 0);
  }

  /** Places a checkpoint (a new projection starting at the head, or a rebuild starting at 0). */
  async reset(name: string, position: GlobalPosition): Promise<void> {
    await this.pool.query(
      `INSERT INTO event_store.checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [name, position.toString()],
    );
  }

  /**
   * Runs fn and moves the checkpoint in one transaction; refuses to move it backwards.
   * `synchronous: false` commits without waiting for the WAL flush (synchronous_commit off, this
   * transaction only): still atomic and at once visible, but a crash of the server itself may take
   * back the last such commits (fn's writes with the checkpoint) — the follower then handles them
   * again. The next synchronous commit on the server makes them durable too.
   */
  async commitBatch<T>(
    name: string,
    from: GlobalPosition,
    to: GlobalPosition,
    fn: (tx: pg.PoolClient) => Promise<T>,
    options: { readonly synchronous?: boolean } = {},
  ): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(
        options.synchronous === false ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN',
      );
      const result = await fn(client);
      const moved = await client.query(
        `INSERT INTO event_store.checkpoints (name, position, updated_at) VALUES ($1, $3, now())
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
         WHERE event_store.checkpoints.position = $2`,
        [name, from.toString(), to.toString()],
      );
      if (moved.rowCount !== 1) {
        throw new Error(
          `Checkpoint "${name}" moved under us (expected it at ${from}): another runner is active`,
        );
      }
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
