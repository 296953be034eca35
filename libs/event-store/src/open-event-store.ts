import type { Clock } from './port/clock.ts';
import type { EventStore } from './port/event-store.ts';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.ts';

export type EventStoreKind = 'postgresql' | 'kurrentdb';

export interface EventStoreConfig {
  readonly kind: EventStoreKind;
  /** PostgreSQL connection string, or a KurrentDB connection string (kurrentdb://…). */
  readonly url: string;
  readonly clock: Clock;
  readonly poolSize?: number;
  /** PostgreSQL: how concurrent appends share statements (group-commit.ts); KurrentDB has none. */
  readonly groupCommit?: PostgresEventStoreOptions['groupCommit'];
}

/** The one place that picks an adapter: apps, scripts and the contract suite all open stores here. */
export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  if (config.kind === 'kurrentdb') {
    const { KurrentDbEventStore } = await import('./kurrentdb/kurrentdb-event-store.ts');
    return KurrentDbEventStore.open({ connectionString: config.url, clock: config.clock });
  }
  return PostgresEventStore.open({
    connectionString: config.url,
    clock: config.clock,
    poolSize: config.poolSize,
    groupCommit: config.groupCommit,
  });
}
