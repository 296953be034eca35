import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { readModelDatabaseUrl } from '../support/event-store-targets.ts';

/**
 * `npm run stress:subscriptions` kept honest at a small volume: the built script, its own scratch
 * database on the test server, every follower counted. (The 100,000-event run is in docs/benchmarks.md.)
 */
describe('npm run stress:subscriptions', () => {
  const stress = (...args: string[]) =>
    spawnSync(process.execPath, ['dist/scripts/stress-subscriptions.js', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: readModelDatabaseUrl() },
      timeout: 240_000,
    });

  it('8 writers, 1,500 events: every follower gets every committed event once, in order; the database is dropped', async () => {
    const database = `zaitaku_stress_test_${Date.now().toString(36)}`;
    const run = stress('--events', '1500', '--writers', '8', '--database', database);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const followers = run.stdout
      .split('\n')
      .filter((line) => /^\| (ProjectionRunner|live|child|replay)/.test(line));
    expect(followers).toHaveLength(7);
    for (const line of followers) {
      const [delivered, lost, repeated, reordered, foreign] = line.split('|').slice(2, 7).map(Number);
      expect({ line, lost, repeated, reordered, foreign }).toEqual({
        line,
        lost: 0,
        repeated: 0,
        reordered: 0,
        foreign: 0,
      });
      expect(delivered).toBeGreaterThanOrEqual(1500);
    }
    expect(run.stdout).toContain('replay sequence identical to the live batch-size-1 sequence: yes');
    expect(run.stdout).toContain('OK: every committed event delivered exactly once');
    const admin = new pg.Client({ connectionString: readModelDatabaseUrl() });
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  }, 240_000);

  it('refuses bad arguments with exit code 2, naming each', () => {
    const run = stress('--events', '-5', '--writers', '100', '--database', 'Robert; DROP');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--events "-5": expected a positive integer');
    expect(run.stderr).toContain('--writers "100": expected an integer from 1 to 64');
    expect(run.stderr).toContain('--database "Robert; DROP": expected lower-case letters');
  });
});
