import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 研修の開催 (projection training-offerings): an offering per row, listed by fiscal year and course. */
export class TrainingOfferingsReadModel1767657600000 implements MigrationInterface {
  readonly name = 'TrainingOfferingsReadModel1767657600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE read_model.training_offerings (
        offering_id       text           PRIMARY KEY,
        course_id         text           NOT NULL,
        fiscal_year       integer        NOT NULL,
        first_session_on  date,
        session_count     integer        NOT NULL,
        enrolled_count    integer        NOT NULL,
        completed_count   integer        NOT NULL,
        withdrawn_count   integer        NOT NULL,
        state             jsonb          NOT NULL,
        position          numeric(40,0)  NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX training_offerings_year ON read_model.training_offerings (fiscal_year, course_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE read_model.training_offerings`);
  }
}
