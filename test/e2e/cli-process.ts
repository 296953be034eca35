import { execFile } from 'node:child_process';

/** What a run of the command line gave: its exit code and what it printed. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run cli -- …` as shipped (dist/scripts/cli.js, built by `npm test`'s pretest), as a child process. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      ['dist/scripts/cli.js', ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
}
