import type { MigrationInterface, QueryRunner } from 'typeorm';

const OWNER_COLUMNS = 'principal, principal_role, principal_municipality_code, principal_institution_id';

/**
 * The api's Idempotency-Key records (apps/api/src/idempotency), schema `api`: api state, not a read
 * model, but a table of the read database, so its migration is here with the others. Until this
 * migration the api created the table at start (CREATE TABLE IF NOT EXISTS, then an upgrade of the
 * first version's table); this runs the same statements, so a database the api had already set up, in
 * either version, is adopted as it is. The advisory lock is the one the api took around them: an api
 * of the previous version starting at the same moment waits instead of racing.
 */
export class ApiIdempotencyKeys1767484800000 implements MigrationInterface {
  readonly name = 'ApiIdempotencyKeys1767484800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('zaitaku:api.idempotency_keys'))`);
    await queryRunner.query(`
      CREATE SCHEMA IF NOT EXISTS api;
      CREATE TABLE IF NOT EXISTS api.idempotency_keys (
        principal                   text        NOT NULL,
        principal_role              text        NOT NULL,
        principal_municipality_code text        NOT NULL DEFAULT '',
        principal_institution_id    text        NOT NULL DEFAULT '',
        idempotency_key             text        NOT NULL,
        request_hash                text        NOT NULL,
        method                      text        NOT NULL,
        path                        text        NOT NULL,
        status_code                 integer,
        response_body               text,
        created_at                  timestamptz NOT NULL DEFAULT now(),
        completed_at                timestamptz,
        CONSTRAINT idempotency_keys_pkey PRIMARY KEY (${OWNER_COLUMNS}, idempotency_key)
      );
      -- A table of the first version (keys per sub only) gets the principal's other columns; its keys
      -- were bound to no role or scope, so they are expired (a retry of one runs as a new request).
      DO $migrate$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                       WHERE table_schema = 'api' AND table_name = 'idempotency_keys'
                         AND column_name = 'principal_role') THEN
          DELETE FROM api.idempotency_keys;
          ALTER TABLE api.idempotency_keys
            ADD COLUMN principal_role text NOT NULL,
            ADD COLUMN principal_municipality_code text NOT NULL DEFAULT '',
            ADD COLUMN principal_institution_id text NOT NULL DEFAULT '',
            DROP CONSTRAINT idempotency_keys_pkey,
            ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (${OWNER_COLUMNS}, idempotency_key);
        END IF;
      END
      $migrate$;
      CREATE INDEX IF NOT EXISTS idempotency_keys_created_at ON api.idempotency_keys (created_at);
      COMMENT ON TABLE api.idempotency_keys IS
        'Idempotency-Key of POST requests per principal (JWT sub, role, municipalityCode, institutionId), kept 24 h; status_code NULL = in flight';`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api.idempotency_keys');
  }
}
