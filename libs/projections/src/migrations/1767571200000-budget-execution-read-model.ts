import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The current 予算執行 report's read model (projection budget-execution): a line per programme × fiscal
 * year, and the budget and case tallies the lines are computed from, each with the position of the last
 * event that changed it.
 */
export class BudgetExecutionReadModel1767571200000 implements MigrationInterface {
  readonly name = 'BudgetExecutionReadModel1767571200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE read_model.budget_execution_lines (
        program_id   text           NOT NULL,
        fiscal_year  integer        NOT NULL,
        line         jsonb          NOT NULL,
        last_event   jsonb          NOT NULL,
        position     numeric(40,0)  NOT NULL,
        PRIMARY KEY (program_id, fiscal_year)
      )`);
    await queryRunner.query(
      `CREATE INDEX budget_execution_lines_fiscal_year ON read_model.budget_execution_lines (fiscal_year)`,
    );
    await queryRunner.query(`
      CREATE TABLE read_model.budget_execution_budgets (
        program_id   text           NOT NULL,
        fiscal_year  integer        NOT NULL,
        tally        jsonb          NOT NULL,
        position     numeric(40,0)  NOT NULL,
        PRIMARY KEY (program_id, fiscal_year)
      )`);
    await queryRunner.query(`
      CREATE TABLE read_model.budget_execution_cases (
        application_id  text           PRIMARY KEY,
        program_id      text           NOT NULL,
        fiscal_year     integer        NOT NULL,
        tally           jsonb          NOT NULL,
        position        numeric(40,0)  NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX budget_execution_cases_year ON read_model.budget_execution_cases (fiscal_year, program_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['budget_execution_cases', 'budget_execution_budgets', 'budget_execution_lines']) {
      await queryRunner.query(`DROP TABLE read_model.${table}`);
    }
  }
}
