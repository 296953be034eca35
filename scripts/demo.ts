import pg from 'pg';
import { addDays, formatCalendarDate, parseCalendarDate, tokyoDateOf } from '#domain';
import { runMain, SANDBOX_DATABASE, ManualClock, redactUrl, type RuntimeConfig } from '#platform';
import { runSimulation, seedScenario } from '#simulation';
import { startApi } from '../apps/api/src/start-api.ts';
import { OPENAPI_PATH } from '../apps/api/src/open-api.ts';
import { SandboxService } from '../apps/api/src/sandbox/sandbox.service.ts';
import { sandboxInstant, sandboxStatus } from '../apps/api/src/sandbox/sandbox-time.ts';
import { createWorkerApp } from '../apps/worker/src/create-worker-app.ts';

/**
 * `npm run demo [-- --date 2018-04-02] [--fresh]`: the sandbox. The product (api and worker in this
 * process) on an embedded PostgreSQL of its own (.data/pg-demo), preloaded by running the seeds'
 * scenario (平成26–29年度) through the real commands and jobs, on a virtual clock that stands at --date
 * and that an admin moves forward (POST /sandbox/clock; the jobs run for the days passed). Started again
 * without --date it resumes where it stood. Refused with NODE_ENV=production.
 */
/**
 * 2 April 2018 (平成30年度): the 平成29年度 round designated and published, 移行支援's year 2 at 1/2 behind,
 * 平成29年度 cases awaiting their 実績報告, and this year's application window open for a new case.
 */
export const SANDBOX_DEFAULT_DATE = '2018-04-02';
const LAST_DATE = '2019-03-31';
const SCENARIO_START = '2014-04-01';

const USAGE = `usage: npm run demo [-- --date YYYY-MM-DD (2014-04-02 … ${LAST_DATE})] [--fresh]`;

if (process.env.NODE_ENV?.trim() === 'production') {
  console.error(
    'npm run demo: refused with NODE_ENV=production — the sandbox runs seeded data on a virtual clock; ' +
      'start the real product with npm start.',
  );
  process.exit(2);
}
const args = parseArgs(process.argv.slice(2));

// SANDBOX_DATABASE_URL (a server database of its own) for CI; otherwise the embedded pg-demo.
await runMain(
  async (config) => {
    const sandbox: RuntimeConfig = { ...config, sandbox: true, eventStore: { kind: 'postgresql' } };
    if (args.fresh) await recreateDatabase(sandbox.databaseUrl);
    const log = await logExtent(sandbox.databaseUrl);
    const target = args.date ?? (log.last ? formatCalendarDate(tokyoDateOf(log.last)) : SANDBOX_DEFAULT_DATE);
    let start: Date;
    if (log.events === 0) {
      const dayBefore = formatCalendarDate(addDays(parseCalendarDate(target), -1));
      console.log(
        `sandbox: running the seeds' scenario ${SCENARIO_START} → ${dayBefore} on a virtual clock…`,
      );
      const result = await runSimulation({
        from: SCENARIO_START,
        to: dayBefore,
        config: sandbox,
        steps: seedScenario(),
      });
      console.log(
        `sandbox: ${result.stepsRun} scenario steps, ${result.jobRuns} job runs, ${result.eventCount} events`,
      );
      start = new Date(`${dayBefore}T23:59:59.999+09:00`);
    } else {
      start = log.last!;
      if (sandboxInstant(target).getTime() < start.getTime()) {
        throw new Error(
          `the sandbox stands at ${formatCalendarDate(tokyoDateOf(start))}; its clock only moves forward ` +
            '(npm run demo -- --fresh starts again from the seeds)',
        );
      }
    }
    const clock = new ManualClock(start);
    const api = await startApi(sandbox, { clock });
    const worker = await createWorkerApp(sandbox, { clock });
    await api.get(SandboxService).advanceTo(target);
    console.log(banner(sandbox, clock));
    return [api, worker];
  },
  { ...process.env, DATABASE_URL: process.env.SANDBOX_DATABASE_URL },
  SANDBOX_DATABASE,
);

function banner(config: RuntimeConfig, clock: ManualClock): string {
  const base = `http://localhost:${config.port}`;
  const status = sandboxStatus(clock.now());
  return [
    '',
    `SANDBOX — seeded 平成26–29年度 data on a virtual clock: today is ${status.date} (${status.fiscalYearLabel}). Not the real product.`,
    `API: ${base}  OpenAPI: ${base}/${OPENAPI_PATH}  Health: ${base}/health  Sandbox: ${base}/sandbox`,
    `Database: ${redactUrl(config.databaseUrl)}`,
    'Move the date forward (admin): POST /sandbox/clock {"date":"2018-04-02"} — the jobs run for the days passed.',
    'Ctrl-C stops it; npm run demo resumes at the same date, npm run demo -- --fresh starts again.',
    '',
  ].join('\n');
}

async function logExtent(url: string): Promise<{ events: number; last?: Date }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('event_store.events') IS NOT NULL AS present`);
    if (!exists.rows[0].present) return { events: 0 };
    const { rows } = await client.query(
      'SELECT count(*)::int AS events, max(recorded_at) AS last FROM event_store.events',
    );
    return rows[0].events === 0 ? { events: 0 } : { events: rows[0].events, last: rows[0].last };
  } finally {
    await client.end();
  }
}

/** --fresh: the sandbox's database dropped and created empty (its own database only). */
async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
}

function parseArgs(argv: readonly string[]): { date?: string; fresh: boolean } {
  const out: { date?: string; fresh: boolean } = { fresh: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--fresh') out.fresh = true;
    else if (arg === '--date') {
      const date = argv[++i] ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
        usage(`--date ${JSON.stringify(date)} is not a calendar date YYYY-MM-DD`);
      if (date <= SCENARIO_START || date > LAST_DATE) usage(`--date ${date} is outside the seeds' years`);
      out.date = date;
    } else usage(`unknown argument ${arg}`);
  }
  return out;
}

function usage(problem: string): never {
  console.error(`npm run demo: ${problem}\n${USAGE}`);
  process.exit(2);
}
