import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import { READ_DATABASE } from '#platform';

/** How long a key is remembered: a retry after this is a new request. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** A key still "in flight" after this was abandoned (the process died mid-request): it may be taken over. */
export const IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS = 120;
const PURGE_EVERY_MS = 60 * 60 * 1000;

export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'different-request' }
  | { readonly kind: 'completed'; readonly status: number; readonly body: unknown };

// The table lives in the read database, schema `api`: it is api state, not an event or a projection.
const SCHEMA_DDL = `
  CREATE SCHEMA IF NOT EXISTS api;
  CREATE TABLE IF NOT EXISTS api.idempotency_keys (
    principal       text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    method          text        NOT NULL,
    path            text        NOT NULL,
    status_code     integer,
    response_body   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    PRIMARY KEY (principal, idempotency_key)
  );
  CREATE INDEX IF NOT EXISTS idempotency_keys_created_at ON api.idempotency_keys (created_at);
  COMMENT ON TABLE api.idempotency_keys IS
    'Idempotency-Key of POST requests per principal (JWT sub), kept ${IDEMPOTENCY_RETENTION_HOURS} h; status_code NULL = in flight';
`;

/** A fingerprint of the request a key was first used for: method, path with query, and the body. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method, path, sortedKeys(body ?? null)]))
    .digest('hex');
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/** PostgreSQL-backed record of each key: in flight, then the status and body of its first answer. */
@Injectable()
export class IdempotencyStore implements OnModuleInit, OnModuleDestroy {
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(@Inject(READ_DATABASE) private readonly pool: pg.Pool) {}

  async onModuleInit(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Several api instances start at once: the advisory lock makes the DDL run one at a time.
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('zaitaku:api.idempotency_keys'))`);
      await client.query(SCHEMA_DDL);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    await this.purgeExpired();
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch(() => undefined), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  /**
   * Takes the key for this request, or says why not. A key past its retention, or abandoned in flight,
   * is taken over as if new.
   */
  async claim(principal: string, key: string, hash: string, method: string, path: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await this.pool.query(
        `INSERT INTO api.idempotency_keys AS k (principal, idempotency_key, request_hash, method, path)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (principal, idempotency_key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, method = EXCLUDED.method, path = EXCLUDED.path,
               status_code = NULL, response_body = NULL, created_at = now(), completed_at = NULL
           WHERE k.created_at < now() - make_interval(hours => $6)
              OR (k.status_code IS NULL AND k.created_at < now() - make_interval(secs => $7))
         RETURNING 1`,
        [
          principal,
          key,
          hash,
          method,
          path,
          IDEMPOTENCY_RETENTION_HOURS,
          IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS,
        ],
      );
      if (claimed.rowCount === 1) return { kind: 'claimed' };
      const { rows } = await this.pool.query<{
        request_hash: string;
        status_code: number | null;
        response_body: string | null;
      }>(
        `SELECT request_hash, status_code, response_body FROM api.idempotency_keys
         WHERE principal = $1 AND idempotency_key = $2`,
        [principal, key],
      );
      const row = rows[0];
      if (row === undefined) continue; // released between the two statements: try again
      if (row.request_hash !== hash) return { kind: 'different-request' };
      if (row.status_code === null) return { kind: 'in-flight' };
      const body = row.response_body === null ? undefined : (JSON.parse(row.response_body) as unknown);
      return { kind: 'completed', status: row.status_code, body };
    }
    return { kind: 'in-flight' };
  }

  /** Records the first answer; `body` undefined is an empty response. */
  async complete(principal: string, key: string, status: number, body: unknown): Promise<void> {
    await this.pool.query(
      `UPDATE api.idempotency_keys SET status_code = $3, response_body = $4, completed_at = now()
       WHERE principal = $1 AND idempotency_key = $2`,
      [principal, key, status, body === undefined ? null : JSON.stringify(body)],
    );
  }

  /** Forgets a key whose request failed on the server's side, so that a retry runs again. */
  async release(principal: string, key: string): Promise<void> {
    await this.pool.query(
      `DELETE FROM api.idempotency_keys WHERE principal = $1 AND idempotency_key = $2 AND status_code IS NULL`,
      [principal, key],
    );
  }

  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM api.idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_RETENTION_HOURS],
    );
    return rowCount ?? 0;
  }
}
