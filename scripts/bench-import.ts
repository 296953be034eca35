/**
 * `npm run bench:import [-- --rows 2000 --rounds 3 --concurrency 8 --in-flight 256 --statements 2 --database zaitaku_bench_import]`
 *
 * The bulk import of past years' cases (`npm run cli -- import`) against a raw COPY of the same rows,
 * in the same run, on the same server. Each round writes a CSV of `--rows` synthetic 平成23–29年度 cases
 * (granted, reported, confirmed, paid, closed: 8 events each) and then, alternately:
 * - import: read the file, check every row, decide its events, read each case's stream, append each
 *   case in one atomic append, `--in-flight` at a time (exactly the CLI's path, less process start);
 * - COPY: the very events the import wrote (ids, streams, revisions, types, data, metadata), as rows of a
 *   fresh table of event_store.events' shape (same columns and indexes), by one `COPY … FROM 'file'`
 *   that the server reads itself: no validation, no hash chain, no tags, no network.
 * Prints rows (cases) per second of both and their ratio. The server must be able to read the
 * temporary file (DATABASE_URL on this machine, or the embedded PostgreSQL).
 */
import { writeFile, chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PAST_CASE_COLUMNS } from '#domain';
import { DEFAULT_GROUP_COMMIT, PostgresEventStore, type EventStore } from '#event-store';
import { systemClock } from '#platform';
import { appendPastCases, planPastCaseImport, RuleBook, type PastCaseAppend } from '#workflow';
import { benchArgs, benchDatabase } from './bench-database.ts';
import { readPastCaseTable } from './cli/past-case-table.ts';

const args = benchArgs();
const ROWS = Number(args.get('rows') ?? 2_000);
const ROUNDS = Number(args.get('rounds') ?? 3);
const CONCURRENCY = Number(args.get('concurrency') ?? 8);
/** Appends handed to the store at once (the CLI's default: 256); 8 was the import's before group commit. */
const IN_FLIGHT = Number(args.get('in-flight') ?? 256);
/** Group commit's statements at once (the store's default, as the CLI's import uses). */
const STATEMENTS = Number(args.get('statements') ?? DEFAULT_GROUP_COMMIT.concurrency);
const DATABASE = args.get('database') ?? 'zaitaku_bench_import';
const MUNICIPALITIES = ['131016', '131024', '131032', '132012'];
/** The 介護保険特別会計 check of the H29 version needs the fact (a JSON cell, quoted as CSV quotes). */
const FACTS = '"{""expensesInLongTermCareSpecialAccount"":false}"';

/** FY2011–2016 on the H23 version (pioneer, 1–3年目), FY2017 on H29 (consultation desk, 1–3年目). */
function pastCasesCsv(round: number, rows: number): string {
  const c = PAST_CASE_COLUMNS;
  const header = [
    c.applicationId,
    c.fiscalYear,
    c.programId,
    c.menuId,
    c.programYear,
    c.recipientKind,
    c.recipientId,
    c.municipalityCode,
    c.units,
    c.plannedExpenditure,
    c.applicant,
    c.submittedOn,
    c.reviewer,
    c.reviewedOn,
    c.reviewFacts,
    c.decision,
    c.approver,
    c.decidedOn,
    c.reportedOn,
    c.actualExpenditure,
    c.confirmer,
    c.confirmedOn,
    c.settlementPaidOn,
    c.settlementPaid,
    c.closedOn,
    c.note,
  ];
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) {
    const fy = 2011 + (i % 7);
    const menu = fy === 2017 ? 'consultation-desk' : 'pioneer';
    const actual = 9_000_000 + (i % 100) * 1_000;
    lines.push(
      [
        `R${round}-${fy}-${i}`,
        `平成${fy - 1988}年度`,
        'home-care-environment',
        menu,
        1 + (i % 3),
        'municipality',
        `bench-r${round}-m${Math.floor(i / 7)}`,
        MUNICIPALITIES[i % MUNICIPALITIES.length],
        1,
        12_000_000,
        `staff-h${i % 50}`,
        `${fy}-05-10`,
        `staff-r${i % 20}`,
        `${fy}-05-20`,
        FACTS,
        '交付',
        `staff-a${i % 10}`,
        `${fy}-06-15`,
        `${fy + 1}-04-05`,
        actual,
        `staff-a${(i + 1) % 10}`,
        `${fy + 1}-05-10`,
        `${fy + 1}-05-25`,
        actual,
        `${fy + 1}-06-01`,
        `紙台帳 p.${i}`,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
const copyText = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

function copyFile(appends: readonly PastCaseAppend[], firstPosition: number): string {
  const recordedAt = new Date().toISOString();
  const hash = `\\\\x${'00'.repeat(32)}`;
  const lines: string[] = [];
  let position = firstPosition;
  for (const append of appends)
    append.events.forEach((event, revision) =>
      lines.push(
        [
          position++,
          event.id!,
          append.streamId,
          'application',
          revision,
          event.type,
          event.schemaVersion ?? 1,
          copyText(JSON.stringify(event.data)),
          copyText(JSON.stringify(event.metadata)),
          recordedAt,
          hash,
        ].join('\t'),
      ),
    );
  return `${lines.join('\n')}\n`;
}

/**
 * CPU seconds (user + system) the server's backends connected to `database` have used so far, from
 * /proc (the server runs on this machine): what the import's statements and the COPY cost PostgreSQL,
 * whatever else the machine's cores are doing. A backend that ended since is no longer counted.
 */
async function serverCpuSeconds(raw: pg.Pool, database: string): Promise<number> {
  const { rows } = await raw.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    database,
  ]);
  let ticks = 0;
  for (const { pid } of rows) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0); // utime, stime (fields 14 and 15)
  }
  return ticks / 100; // USER_HZ
}

interface Cpu {
  readonly node: number;
  readonly server: number;
}

/** CPU seconds so far of this process and of the database's backends. */
async function cpuNow(raw: pg.Pool): Promise<Cpu> {
  const usage = process.cpuUsage();
  return { node: (usage.user + usage.system) / 1e6, server: await serverCpuSeconds(raw, DATABASE) };
}

const cpuBetween = (from: Cpu, to: Cpu): Cpu => ({
  node: to.node - from.node,
  server: to.server - from.server,
});

async function importRound(store: EventStore, raw: pg.Pool, file: string) {
  const cpuStarted = await cpuNow(raw);
  const started = performance.now();
  const read = await readPastCaseTable(file);
  if (read.issues) throw new Error(`bench file refused: ${JSON.stringify(read.issues.slice(0, 3))}`);
  const ruleBook = new RuleBook(store);
  await ruleBook.refresh();
  const plan = await planPastCaseImport(store, ruleBook.rules, read.table, read.file, {
    concurrency: CONCURRENCY,
  });
  if (plan.issues.length > 0)
    throw new Error(`bench rows refused: ${JSON.stringify(plan.issues.slice(0, 3))}`);
  const planned = performance.now();
  const cpuPlanned = await cpuNow(raw);
  const appending = performance.now();
  const result = await appendPastCases(store, plan.appends, { appendsInFlight: IN_FLIGHT });
  const done = performance.now();
  return {
    plan,
    events: result.events,
    planSeconds: (planned - started) / 1000,
    seconds: (planned - started + done - appending) / 1000,
    planCpu: cpuBetween(cpuStarted, cpuPlanned),
    appendCpu: cpuBetween(cpuPlanned, await cpuNow(raw)),
  };
}

async function main(): Promise<void> {
  const { url, drop } = await benchDatabase(DATABASE);
  const store = await PostgresEventStore.open({
    connectionString: url,
    clock: systemClock,
    poolSize: CONCURRENCY + 2,
    // As the CLI's import; --statements N to compare (the store's default is 8).
    groupCommit: { concurrency: STATEMENTS },
  });
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const dir = await mkdtemp(join(tmpdir(), 'zaitaku-bench-import-'));
  await chmod(dir, 0o755);
  const server = (await raw.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  const totals = { importSeconds: 0, planSeconds: 0, copySeconds: 0, rows: 0, events: 0 };
  const cpu = { plan: { node: 0, server: 0 }, append: { node: 0, server: 0 }, copy: { node: 0, server: 0 } };
  const add = (to: { node: number; server: number }, more: Cpu) => {
    to.node += more.node;
    to.server += more.server;
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const csv = join(dir, `past-cases-${round}.csv`);
      await writeFile(csv, pastCasesCsv(round, ROWS));
      const imported = await importRound(store, raw, csv);
      const copy = join(dir, `events-${round}.tsv`);
      await writeFile(copy, copyFile(imported.plan.appends, 1));
      await chmod(copy, 0o644);
      await raw.query(`CREATE TABLE baseline_${round} (LIKE event_store.events INCLUDING ALL)`);
      const cpuStarted = await cpuNow(raw);
      const started = performance.now();
      await raw.query(`COPY baseline_${round} FROM '${copy}'`);
      const copySeconds = (performance.now() - started) / 1000;
      add(cpu.copy, cpuBetween(cpuStarted, await cpuNow(raw)));
      add(cpu.plan, imported.planCpu);
      add(cpu.append, imported.appendCpu);
      console.log(
        `round ${round + 1}: import ${ROWS} rows (${imported.events} events) in ${imported.seconds.toFixed(2)} s (checks and decisions ${imported.planSeconds.toFixed(2)} s); COPY of the same events ${copySeconds.toFixed(2)} s`,
      );
      totals.importSeconds += imported.seconds;
      totals.planSeconds += imported.planSeconds;
      totals.copySeconds += copySeconds;
      totals.rows += ROWS;
      totals.events += imported.events;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await raw.end();
    await store.close();
    await drop();
  }
  const perSecond = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');
  const importRate = totals.rows / totals.importSeconds;
  const copyRate = totals.rows / totals.copySeconds;
  console.log(
    `\nPostgreSQL ${server}; ${cpus().length} cores; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; node ${process.version}`,
  );
  console.log(
    `${totals.rows} rows (${totals.events} events) in ${ROUNDS} rounds, concurrency ${CONCURRENCY}, appends in flight ${IN_FLIGHT}, statements at once ${STATEMENTS}\n`,
  );
  // CPU per row, in µs: this process's and the server backends' (of this database), whatever the load.
  const perRow = (c: Cpu) =>
    `${Math.round((c.node * 1e6) / totals.rows)} | ${Math.round((c.server * 1e6) / totals.rows)}`;
  console.log('| | rows/s | events/s | seconds | node CPU µs/row | server CPU µs/row |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(
    `| raw COPY of the same events (server-side file) | ${perSecond(totals.rows, totals.copySeconds)} | ${perSecond(totals.events, totals.copySeconds)} | ${totals.copySeconds.toFixed(2)} | ${perRow(cpu.copy)} |`,
  );
  console.log(
    `| import (read, check, decide, append) | ${perSecond(totals.rows, totals.importSeconds)} | ${perSecond(totals.events, totals.importSeconds)} | ${totals.importSeconds.toFixed(2)} | ${perRow({ node: cpu.plan.node + cpu.append.node, server: cpu.plan.server + cpu.append.server })} |`,
  );
  console.log(
    `| of which the appends | ${perSecond(totals.rows, totals.importSeconds - totals.planSeconds)} | ${perSecond(totals.events, totals.importSeconds - totals.planSeconds)} | ${(totals.importSeconds - totals.planSeconds).toFixed(2)} | ${perRow(cpu.append)} |`,
  );
  console.log(`\nratio import / COPY: ${(importRate / copyRate).toFixed(3)} (goal ≥ 0.8)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
