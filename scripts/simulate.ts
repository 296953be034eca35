import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { formatFiscalYearLabel, fiscalYear } from '#domain';
import { loadConfig, provideDatabase, type RuntimeConfig } from '#platform';
import { formatFiscalYearReport, runSimulation, seedScenario, type SimulationResult } from '#simulation';

/**
 * `npm run simulate -- --from 2014-04-01 --to 2018-03-31 [--keep]`: the seeds' scenario on a virtual
 * clock, on a fresh database of its own (dropped afterwards unless --keep), through the real command
 * and job handlers. Prints what happened per fiscal year, the designation status and the log's hash.
 */
const args = parseArgs(process.argv.slice(2));
const config = loadConfig(process.env);
Logger.overrideLogger(['error']);
const database = await provideDatabase(config, { log: () => undefined, warn: (line) => console.error(line) });
const scratch = await createScratchDatabase(database.config.databaseUrl);
try {
  const result = await runSimulation({
    from: args.from,
    to: args.to,
    config: {
      ...database.config,
      databaseUrl: scratch.url,
      eventStore: { kind: 'postgresql' },
    } as RuntimeConfig,
    steps: seedScenario(),
  });
  console.log(print(result, args));
  if (args.keep) console.log(`\nThe simulated log is kept in ${scratch.name}.`);
} finally {
  await scratch.release({ drop: !args.keep });
  await database.stop();
}

function print(result: SimulationResult, { from, to }: { from: string; to: string }): string {
  const lines = [
    `在宅療養 simulation ${from} → ${to} (virtual clock): ${result.stepsRun} scenario steps, ${result.jobRuns} job runs`,
    '',
    formatFiscalYearReport(result.report),
    '',
  ];
  // A round opens every November; those no municipality answered are one line, not a block each.
  const quiet = result.designations.filter(
    (d) => d.status.designatedInstitutions === 0 && d.hubSurvey.answered === 0,
  );
  if (quiet.length > 0) {
    const labels = quiet.map((d) => formatFiscalYearLabel(fiscalYear(d.fiscalYear))).join('・');
    lines.push(`${labels}: 推薦・指定なし (全区市町村 調整中)`);
  }
  for (const { fiscalYear: fy, status, hubSurvey } of result.designations.filter((d) => !quiet.includes(d))) {
    lines.push(
      `${formatFiscalYearLabel(fiscalYear(fy))} 在宅療養において積極的役割を担う医療機関:`,
      `  指定医療機関のある区市町村 ${status.municipalitiesWithDesignations} / 指定医療機関 ${status.designatedInstitutions} / 調整中の区市町村 ${status.municipalitiesInAdjustment}`,
      `  在宅療養に必要な連携を担う拠点 調査回答 ${hubSurvey.answered} / ${hubSurvey.surveyed}`,
    );
  }
  lines.push('', `events: ${result.eventCount}`, `log hash: ${result.logHash}`);
  return lines.join('\n');
}

function parseArgs(argv: readonly string[]): { from: string; to: string; keep: boolean } {
  const value = (flag: string, fallback: string) => {
    const index = argv.indexOf(flag);
    const given = index >= 0 ? argv[index + 1] : fallback;
    if (!given || !/^\d{4}-\d{2}-\d{2}$/.test(given) || Number.isNaN(Date.parse(given))) {
      console.error(`${flag} ${JSON.stringify(given)}: expected a date YYYY-MM-DD`);
      process.exit(2);
    }
    return given;
  };
  const from = value('--from', '2014-04-01');
  const to = value('--to', '2018-03-31');
  if (from > to) {
    console.error(`--from ${from} is after --to ${to}`);
    process.exit(2);
  }
  // The scenario is one story: starting it half-way would act on cases that were never opened.
  const begins = seedScenario()
    .map((step) => step.at.slice(0, 10))
    .sort()[0]!;
  if (from > begins) {
    console.error(`--from ${from}: the seed scenario begins on ${begins}; start on or before it`);
    process.exit(2);
  }
  return { from, to, keep: argv.includes('--keep') };
}

async function createScratchDatabase(serverUrl: string) {
  const name = `zaitaku_simulation_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    release: async ({ drop }: { drop: boolean }) => {
      if (drop) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
