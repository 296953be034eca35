import { EventEmitter } from 'node:events';
import type { GlobalPosition } from '#event-store';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { readCheckpoints } from './checkpoint-table.ts';
import { CHECKPOINT_CHANNEL } from './read-model-schema.ts';
import type { CheckpointSource } from './wait-for-position.ts';

/**
 * A CheckpointSource on PostgreSQL: reads go through the read-model DataSource; moves arrive by
 * LISTEN on one dedicated connection, opened on first use. Runners NOTIFY inside the batch
 * transaction, so a notification means the batch committed. If the connection drops, waiters keep
 * their fallback polling until the next subscription reconnects.
 */
export class PostgresCheckpointListener implements CheckpointSource {
  private readonly moves = new EventEmitter();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connectionString: string,
  ) {
    this.moves.setMaxListeners(0); // one per waiting request
  }

  async positions(names: readonly string[]): Promise<ReadonlyMap<string, GlobalPosition>> {
    const rows = await readCheckpoints(this.dataSource.manager, names);
    return new Map(rows.map((row) => [row.name, row.position]));
  }

  onMove(listener: (name: string, position: GlobalPosition) => void): () => void {
    void this.ensureListening();
    this.moves.on('move', listener);
    return () => this.moves.off('move', listener);
  }

  /** Connects the LISTEN connection now (it is otherwise opened by the first waiter). */
  async listen(): Promise<void> {
    await this.ensureListening();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 2000 });
    const drop = (): void => {
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', (message) => {
      const [name, position] = (message.payload ?? '').split(' ');
      if (name && position && /^\d+$/.test(position)) this.moves.emit('move', name, BigInt(position));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHECKPOINT_CHANNEL}`);
      if (this.closed) throw new Error('closed');
      this.client = client;
    } catch {
      drop();
    }
  }
}
