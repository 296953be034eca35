import type { EventStoreConfig } from '#event-store';

export interface EventStoreTarget {
  readonly label: string;
  readonly kind: EventStoreConfig['kind'];
  readonly url: string;
}

/**
 * Every event store the contract suite can reach here: the embedded PostgreSQL always, the server
 * PostgreSQL when DATABASE_URL names another one (CI), KurrentDB when KURRENTDB_URL is set.
 */
export function reachableEventStores(): { targets: EventStoreTarget[]; notRun: string[] } {
  const embedded = process.env.EMBEDDED_DATABASE_URL;
  if (!embedded) throw new Error('EMBEDDED_DATABASE_URL is not set: run the tests with `npm test`');
  const targets: EventStoreTarget[] = [{ label: 'PostgreSQL (embedded)', kind: 'postgresql', url: embedded }];
  const notRun: string[] = [];
  const server = process.env.DATABASE_URL;
  if (server && server !== embedded)
    targets.push({ label: 'PostgreSQL (DATABASE_URL)', kind: 'postgresql', url: server });
  const kurrent = process.env.KURRENTDB_URL;
  if (kurrent) targets.push({ label: 'KurrentDB (KURRENTDB_URL)', kind: 'kurrentdb', url: kurrent });
  else
    notRun.push(
      'KurrentDB contract suite NOT RUN: KURRENTDB_URL is not set (no KurrentDB server on this machine)',
    );
  return { targets, notRun };
}

/** Read models and checkpoints always live in PostgreSQL. */
export function readModelDatabaseUrl(): string {
  const url = process.env.DATABASE_URL ?? process.env.EMBEDDED_DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests with `npm test`');
  return url;
}

export function uniqueCategory(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
