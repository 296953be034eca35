import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #17 (projection recipient-program-timelines, version 3): a timeline is no longer one JSON document
 * rewritten on every event, but assembled on read from records that each event changes one of: an
 * application per row (timeline_applications), the grant records on the timeline's row, the completions
 * as before. The timeline's row keeps who it belongs to and the last event; its rows are deleted here
 * (the projector's new version rebuilds them from the log).
 */
export class TimelineApplicationsReadModel1767744000000 implements MigrationInterface {
  readonly name = 'TimelineApplicationsReadModel1767744000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM read_model.recipient_program_timelines`);
    await queryRunner.query(`DELETE FROM read_model.timeline_training_completions`);
    await queryRunner.query(`
      ALTER TABLE read_model.recipient_program_timelines
        DROP COLUMN timeline,
        DROP COLUMN next_action,
        DROP COLUMN due_date,
        DROP COLUMN open_obligations,
        ADD COLUMN grants jsonb NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE read_model.timeline_applications (
        application_id     text           PRIMARY KEY,
        recipient_id       text           NOT NULL,
        program_id         text           NOT NULL,
        fiscal_year        integer        NOT NULL,
        first_position     numeric(40,0)  NOT NULL,
        application        jsonb          NOT NULL,
        position           numeric(40,0)  NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX timeline_applications_timeline ON read_model.timeline_applications (recipient_id, program_id, fiscal_year, first_position)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE read_model.timeline_applications`);
    await queryRunner.query(`DELETE FROM read_model.recipient_program_timelines`);
    await queryRunner.query(`DELETE FROM read_model.timeline_training_completions`);
    await queryRunner.query(`
      ALTER TABLE read_model.recipient_program_timelines
        DROP COLUMN grants,
        ADD COLUMN timeline jsonb NOT NULL,
        ADD COLUMN next_action text,
        ADD COLUMN due_date date,
        ADD COLUMN open_obligations jsonb NOT NULL`);
  }
}
