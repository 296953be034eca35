import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models of the subsidy procedure (issue 5): case summaries, recipient × programme timelines
 * (with the completions they were fed), training completions and budgets against decisions and payments.
 * Amounts are integer yen in bigint; positions numeric(40,0) like the checkpoints.
 */
export class SubsidyReadModels1767312000000 implements MigrationInterface {
  readonly name = 'SubsidyReadModels1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE read_model.case_summaries (
        application_id     text           PRIMARY KEY,
        program_id         text           NOT NULL,
        menu_id            text           NOT NULL,
        fiscal_year        integer        NOT NULL,
        program_year       integer        NOT NULL,
        recipient_kind     text           NOT NULL,
        recipient_id       text           NOT NULL,
        municipality_code  text           NOT NULL,
        stage              text           NOT NULL,
        next_action        text,
        next_action_by     text[],
        next_action_label  jsonb,
        due_date           date,
        requested_amount   bigint,
        granted_amount     bigint,
        confirmed_amount   bigint,
        paid_amount        bigint         NOT NULL DEFAULT 0,
        refunded_amount    bigint         NOT NULL DEFAULT 0,
        reviewer_id        text,
        last_event_type    text           NOT NULL,
        last_event_at      timestamptz    NOT NULL,
        position           numeric(40,0)  NOT NULL,
        state              jsonb          NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX case_summaries_program_year ON read_model.case_summaries (program_id, fiscal_year, stage)`,
    );
    await queryRunner.query(
      `CREATE INDEX case_summaries_queue ON read_model.case_summaries ((COALESCE(due_date, DATE '9999-12-31')), application_id) WHERE next_action IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX case_summaries_recipient ON read_model.case_summaries (recipient_id, program_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE read_model.recipient_program_timelines (
        recipient_id       text           NOT NULL,
        program_id         text           NOT NULL,
        recipient_kind     text,
        municipality_code  text,
        timeline           jsonb          NOT NULL,
        next_action        text,
        due_date           date,
        open_obligations   jsonb          NOT NULL,
        last_event_type    text           NOT NULL,
        position           numeric(40,0)  NOT NULL,
        PRIMARY KEY (recipient_id, program_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE read_model.timeline_training_completions (
        offering_id        text           NOT NULL,
        person_id          text           NOT NULL,
        institution_id     text           NOT NULL,
        event              jsonb          NOT NULL,
        position           numeric(40,0)  NOT NULL,
        PRIMARY KEY (offering_id, person_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX timeline_training_completions_institution ON read_model.timeline_training_completions (institution_id, position)`,
    );
    await queryRunner.query(`
      CREATE TABLE read_model.training_completions (
        offering_id        text           NOT NULL,
        person_id          text           NOT NULL,
        course_id          text           NOT NULL,
        fiscal_year        integer        NOT NULL,
        institution_id     text           NOT NULL,
        completed_on       date           NOT NULL,
        position           numeric(40,0)  NOT NULL,
        PRIMARY KEY (offering_id, person_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX training_completions_institution ON read_model.training_completions (institution_id, position)`,
    );
    await queryRunner.query(`
      CREATE TABLE read_model.program_budgets (
        program_id         text           NOT NULL,
        fiscal_year        integer        NOT NULL,
        budget_amount      bigint,
        budget_reason      text,
        decided_amount     bigint         NOT NULL DEFAULT 0,
        paid_amount        bigint         NOT NULL DEFAULT 0,
        position           numeric(40,0)  NOT NULL,
        PRIMARY KEY (program_id, fiscal_year)
      )`);
    await queryRunner.query(`
      CREATE TABLE read_model.program_budget_cases (
        application_id     text           PRIMARY KEY,
        program_id         text           NOT NULL,
        fiscal_year        integer        NOT NULL,
        granted_amount     bigint         NOT NULL DEFAULT 0,
        total_paid         bigint         NOT NULL DEFAULT 0,
        total_refunded     bigint         NOT NULL DEFAULT 0,
        position           numeric(40,0)  NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX program_budget_cases_program_year ON read_model.program_budget_cases (program_id, fiscal_year)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'program_budget_cases',
      'program_budgets',
      'training_completions',
      'timeline_training_completions',
      'recipient_program_timelines',
      'case_summaries',
    ]) {
      await queryRunner.query(`DROP TABLE read_model.${table}`);
    }
  }
}
