import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import type { Actor } from '#domain';
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

/**
 * Whose a key is: the whole principal of the token (sub, role, municipality, institution), so that a
 * token with the same sub but another role or scope never sees an answer given to another. Absent
 * claims are '' (they are part of the primary key, which allows no NULL).
 */
export interface KeyOwner {
  readonly sub: string;
  readonly role: string;
  readonly municipalityCode: string;
  readonly institutionId: string;
}

export function keyOwnerOf(actor: Actor): KeyOwner {
  return {
    sub: actor.id,
    role: actor.role,
    municipalityCode: actor.municipalityCode ?? '',
    institutionId: actor.institutionId ?? '',
  };
}

const OWNER_COLUMNS = 'principal, principal_role, principal_municipality_code, principal_institution_id';
const OWNER_MATCHES = `principal = $1 AND principal_role = $2 AND principal_municipality_code = $3
  AND principal_institution_id = $4 AND idempotency_key = $5`;
const ownerParams = (owner: KeyOwner, key: string): string[] => [
  owner.sub,
  owner.role,
  owner.municipalityCode,
  owner.institutionId,
  key,
];

// The table lives in the read database, schema `api`: it is api state, not an event or a projection.
// Its migration is the read database's (ApiIdempotencyKeys1767484800000, run by ProjectionsModule).

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
    await this.purgeExpired();
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch(() => undefined), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  /**
   * Takes the key for this request, or says why not. A key past its retention, or abandoned in flight,
   * is taken over as if new. The same key of another principal (even with the same sub) is another key.
   */
  async claim(owner: KeyOwner, key: string, hash: string, method: string, path: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await this.pool.query(
        `INSERT INTO api.idempotency_keys AS k (${OWNER_COLUMNS}, idempotency_key, request_hash, method, path)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (${OWNER_COLUMNS}, idempotency_key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, method = EXCLUDED.method, path = EXCLUDED.path,
               status_code = NULL, response_body = NULL, created_at = now(), completed_at = NULL
           WHERE k.created_at < now() - make_interval(hours => $9)
              OR (k.status_code IS NULL AND k.created_at < now() - make_interval(secs => $10))
         RETURNING 1`,
        [
          ...ownerParams(owner, key),
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
        `SELECT request_hash, status_code, response_body FROM api.idempotency_keys WHERE ${OWNER_MATCHES}`,
        ownerParams(owner, key),
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
  async complete(owner: KeyOwner, key: string, status: number, body: unknown): Promise<void> {
    await this.pool.query(
      `UPDATE api.idempotency_keys SET status_code = $6, response_body = $7, completed_at = now()
       WHERE ${OWNER_MATCHES}`,
      [...ownerParams(owner, key), status, body === undefined ? null : JSON.stringify(body)],
    );
  }

  /** Forgets a key whose request failed on the server's side, so that a retry runs again. */
  async release(owner: KeyOwner, key: string): Promise<void> {
    await this.pool.query(
      `DELETE FROM api.idempotency_keys WHERE ${OWNER_MATCHES} AND status_code IS NULL`,
      ownerParams(owner, key),
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
