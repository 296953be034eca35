import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';

/** `npm run stress:faults` (the built script): its scenarios are the fault tests' own; here its arguments. */
describe('npm run stress:faults', () => {
  it('refuses bad arguments with exit code 2, naming each, before starting any server', () => {
    const run = spawnSync(
      process.execPath,
      [
        'dist/scripts/stress-faults.js',
        '--kills',
        '0',
        '--writers',
        'many',
        '--only',
        'redis,disk',
        '--speed',
        '9',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      '--kills "0": expected an integer from 1 to 100',
      '--writers "many": expected an integer from 1 to 64',
      '--only "disk": expected a comma-separated list of projection, postgres, redis',
      '--speed: unknown flag',
    ]);
  });
});
