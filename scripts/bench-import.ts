/**
 * `npm run bench:import [-- --rows 2000 --rounds 3 --concurrency 8 --database zaitaku_bench_import]`
 *
 * The bulk import of past years' cases (`npm run cli -- import`) against a raw COPY of the same rows,
 * in the same run, on the same server. Each round writes a CSV of `--rows` synthetic 平成23–29年度 cases
 * (granted, reported, confirmed, paid, closed: 8 events each) and then, alternately:
 * - import: read the file, check every row, decide its events, read each case's stream, append each
 *   case in one atomic append, `--concurrency` at a time (exactly the CLI's path, less process start);
 * - COPY: the very events the import wrote (ids, streams, revisions, types, data, metadata), as rows of a
 *   fresh table of event_store.events' shape (same columns and indexes), by one `COPY … FROM 'file'`
 *   that the server reads itself: no validation, no hash chain, no tags, no network.
 * Prints rows (cases) per second of both and their ratio. The server must be able to read the
 * temporary file (DATABASE_URL on this machine, or the embedded PostgreSQL).
 */
import { writeFile, chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PAST_CASE_COLUMNS } from '#domain';
import { PostgresEventStore, type EventStore } from '#event-store';
import { systemClock } from '#platform';
import { appendPastCases, planPastCaseImport, RuleBook, type PastCaseAppend } from '#workflow';
import { benchArgs, benchDatabase } from './bench-database.ts';
import { readPastCaseTable } from './cli/past-case-table.ts';

const args = benchArgs();
const ROWS = Number(args.get('rows') ?? 2_000);
const ROUNDS = Number(args.get('rounds') ?? 3);
const CONCURRENCY = Number(args.get('concurrency') ?? 8);
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

async function importRound(store: EventStore, file: string) {
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
  const result = await appendPastCases(store, plan.appends, { concurrency: CONCURRENCY });
  const done = performance.now();
  return {
    plan,
    events: result.events,
    planSeconds: (planned - started) / 1000,
    seconds: (done - started) / 1000,
  };
}

async function main(): Promise<void> {
  const { url, drop } = await benchDatabase(DATABASE);
  const store = await PostgresEventStore.open({
    connectionString: url,
    clock: systemClock,
    poolSize: CONCURRENCY + 2,
  });
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const dir = await mkdtemp(join(tmpdir(), 'zaitaku-bench-import-'));
  await chmod(dir, 0o755);
  const server = (await raw.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  const totals = { importSeconds: 0, planSeconds: 0, copySeconds: 0, rows: 0, events: 0 };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const csv = join(dir, `past-cases-${round}.csv`);
      await writeFile(csv, pastCasesCsv(round, ROWS));
      const imported = await importRound(store, csv);
      const copy = join(dir, `events-${round}.tsv`);
      await writeFile(copy, copyFile(imported.plan.appends, 1));
      await chmod(copy, 0o644);
      await raw.query(`CREATE TABLE baseline_${round} (LIKE event_store.events INCLUDING ALL)`);
      const started = performance.now();
      await raw.query(`COPY baseline_${round} FROM '${copy}'`);
      const copySeconds = (performance.now() - started) / 1000;
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
    `${totals.rows} rows (${totals.events} events) in ${ROUNDS} rounds, concurrency ${CONCURRENCY}\n`,
  );
  console.log('| | rows/s | events/s | seconds |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| raw COPY of the same events (server-side file) | ${perSecond(totals.rows, totals.copySeconds)} | ${perSecond(totals.events, totals.copySeconds)} | ${totals.copySeconds.toFixed(2)} |`,
  );
  console.log(
    `| import (read, check, decide, append) | ${perSecond(totals.rows, totals.importSeconds)} | ${perSecond(totals.events, totals.importSeconds)} | ${totals.importSeconds.toFixed(2)} |`,
  );
  console.log(
    `| of which the appends | ${perSecond(totals.rows, totals.importSeconds - totals.planSeconds)} | ${perSecond(totals.events, totals.importSeconds - totals.planSeconds)} | ${(totals.importSeconds - totals.planSeconds).toFixed(2)} |`,
  );
  console.log(`\nratio import / COPY: ${(importRate / copyRate).toFixed(3)} (goal ≥ 0.8)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
