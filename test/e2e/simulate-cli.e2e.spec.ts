import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';

/** `npm run simulate` as a user runs it (the built script), on a short range and with bad arguments. */
describe('npm run simulate', () => {
  const simulate = (...args: string[]) =>
    spawnSync(process.execPath, ['dist/scripts/simulate.js', ...args], {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'error' },
      timeout: 120_000,
    });

  it('prints the fiscal-year table, the designation status and the log hash, and leaves no database behind', () => {
    const run = simulate('--from', '2014-03-01', '--to', '2015-06-30');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('平成25年度');
    expect(run.stdout).toContain('平成27年度');
    expect(run.stdout).toMatch(/在宅療養環境整備支援事業\s+申請1/);
    expect(run.stdout).toMatch(/log hash: [0-9a-f]{64}/);
    expect(run.stdout).not.toContain('kept in');
  }, 120_000);

  it.each([
    [['--from', '2018-04-01', '--to', '2017-03-31'], '--from 2018-04-01 is after --to 2017-03-31'],
    [['--from', '2017-13-01'], '--from "2017-13-01": expected a date YYYY-MM-DD'],
    [['--to', 'tomorrow'], '--to "tomorrow": expected a date YYYY-MM-DD'],
    [
      ['--from', '2016-04-01'],
      '--from 2016-04-01: the seed scenario begins on 2014-04-12; start on or before it',
    ],
  ])('refuses %j with exit code 2 and says why', (args, message) => {
    const run = simulate(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
