import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { READ_MODEL_PROJECTORS, SUBSIDY_PROJECTIONS } from '#projections';
import { runLiveUntil, scratchDatabase, type ScratchDatabase, writeSubsidyLog } from '#projections-testing';
import { runCli } from './cli-process.ts';

/** The operator's command line, as shipped (dist/scripts/cli.js, built by `npm test`'s pretest). */
describe('npm run cli -- projections', () => {
  let db: ScratchDatabase;
  const cli = (...args: string[]) => runCli(['projections', ...args], { DATABASE_URL: db.url });

  beforeAll(async () => {
    db = await scratchDatabase('zaitaku_cli_projections');
    const last = await writeSubsidyLog(db.store, 'cli-hosp', 4);
    await runLiveUntil(db, READ_MODEL_PROJECTORS, last);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('verify exits 0 on the live read models, 1 naming a row altered by hand; rebuild repairs it', async () => {
    const clean = await cli('verify');
    expect(clean).toMatchObject({ code: 0, stderr: '' });
    for (const projector of READ_MODEL_PROJECTORS)
      expect(clean.stdout).toContain(`${projector.name}: IDENTICAL at position`);

    await db.pool.query(
      `UPDATE read_model.case_summaries SET granted_amount = 1 WHERE application_id = 'cli-hosp-1-y1'`,
    );
    const altered = await cli('verify', SUBSIDY_PROJECTIONS.caseSummaries);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toContain('case-summaries: read_model.case_summaries: 2 rows differ');
    expect(altered.stdout).toContain('row {"application_id":"cli-hosp-1-y1"} (columns granted_amount)');
    expect(altered.stdout).toMatch(/live: +\{.*"granted_amount":"?1"?,/);
    expect(altered.stdout).toContain('case-summaries: DIFFERENT');
    expect(altered.stdout).not.toContain('program-budgets');

    const rebuilt = await cli('rebuild', SUBSIDY_PROJECTIONS.caseSummaries);
    expect(rebuilt).toMatchObject({ code: 0, stderr: '' });
    expect(rebuilt.stdout).toMatch(
      /^case-summaries: rebuilt from \d+ events \(\d+ applied\).*swapped case_summaries/m,
    );
    expect(await cli('verify')).toMatchObject({ code: 0 });
  }, 120_000);

  it('refuses an unknown projection or action with exit code 2', async () => {
    expect(await cli('verify', 'no-such-projection')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown projection "no-such-projection" (known: case-summaries'),
    });
    expect(await cli('replay')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage:') });
  });

  it('rebuilds on a database whose read side was never created (a restored log): migrates first', async () => {
    const count = async (table: string): Promise<number> =>
      Number((await db.pool.query(`SELECT count(*) AS n FROM read_model.${table}`)).rows[0].n);
    const before = { cases: await count('case_summaries'), budgets: await count('program_budgets') };
    expect(before.cases).toBeGreaterThan(0);
    await db.pool.query('DROP SCHEMA read_model CASCADE');

    const rebuilt = await cli('rebuild');
    expect(rebuilt).toMatchObject({ code: 0, stderr: '' });
    expect(rebuilt.stdout).toMatch(/^read_model schema migrated: .*SubsidyReadModels/m);
    expect({ cases: await count('case_summaries'), budgets: await count('program_budgets') }).toEqual(before);
    const verified = await cli('verify');
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).not.toContain('migrated');
  }, 120_000);
});
