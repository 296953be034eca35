import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the budget report and the work queue also need (issue 5): confirmed and refunded amounts and the
 * number of granted cases per programme × fiscal year, and the municipality filter of the work queue.
 * A separate migration because SubsidyReadModels1767312000000 already ran on development databases.
 */
export class SubsidyReadModelAmounts1767398400000 implements MigrationInterface {
  readonly name = 'SubsidyReadModelAmounts1767398400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE read_model.program_budget_cases ADD COLUMN confirmed_amount bigint`);
    await queryRunner.query(`
      ALTER TABLE read_model.program_budgets
        ADD COLUMN confirmed_amount bigint  NOT NULL DEFAULT 0,
        ADD COLUMN refunded_amount  bigint  NOT NULL DEFAULT 0,
        ADD COLUMN granted_cases    integer NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `CREATE INDEX case_summaries_municipality ON read_model.case_summaries (municipality_code, fiscal_year)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX read_model.case_summaries_municipality');
    await queryRunner.query(`
      ALTER TABLE read_model.program_budgets
        DROP COLUMN confirmed_amount, DROP COLUMN refunded_amount, DROP COLUMN granted_cases`);
    await queryRunner.query('ALTER TABLE read_model.program_budget_cases DROP COLUMN confirmed_amount');
  }
}
