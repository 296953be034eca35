import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The projections' checkpoints: the last log position each one committed, with its version and health. */
export class ProjectionCheckpoints1767225600000 implements MigrationInterface {
  readonly name = 'ProjectionCheckpoints1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE read_model.projection_checkpoints (
        name            text           PRIMARY KEY,
        position        numeric(40,0)  NOT NULL CHECK (position >= 0),
        version         integer        NOT NULL CHECK (version >= 1),
        status          text           NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'parked')),
        last_error      text,
        failed_position numeric(40,0),
        updated_at      timestamptz    NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`COMMENT ON TABLE read_model.projection_checkpoints IS
      'One row per projection: every event up to position is applied, in the same transaction as the read model rows; parked = stopped after repeated failures at failed_position'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_model.projection_checkpoints');
  }
}
