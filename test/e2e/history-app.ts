import type { INestApplication, Type } from '@nestjs/common';
import pg from 'pg';
import type { Response } from 'supertest';
import { PostgresEventStore } from '#event-store';
import { dropScratchDatabase } from '#event-store-testing';
import { ManualClock } from '#platform';
import { appWith } from './access-app.ts';
import { testRuntimeConfig } from './runtime-config.ts';

export interface HistoryApp {
  readonly app: INestApplication;
  /** Appends straight to the app's log, recording at `clock`'s time. */
  readonly store: PostgresEventStore;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

/**
 * The real app on a scratch database of its own, so that "the whole log" holds only what the test
 * appended (and the access records the app adds). Dropped on close.
 */
export async function historyApp(name: string, controllers: Type[] = []): Promise<HistoryApp> {
  const serverUrl = process.env.DATABASE_URL!;
  const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
  const database = `zaitaku_${name}_${Date.now().toString(36)}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  await admin.query(`CREATE DATABASE ${database}`);
  const clock = new ManualClock('2026-04-01T00:00:00Z');
  const store = await PostgresEventStore.open({ connectionString: url, clock });
  const app = await appWith(controllers, testRuntimeConfig({ DATABASE_URL: url }));
  return {
    app,
    store,
    clock,
    close: async () => {
      await app.close();
      await store.close();
      await dropScratchDatabase(admin, database);
      await admin.end();
    },
  };
}

/** supertest: the body as the bytes sent (a BOM, CRLF and UTF-8 stay visible). */
export function rawBody(response: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}
