import type { DomainErrorIssue } from '#domain';
import { appendPastCases, planPastCaseImport, RuleBook } from '#workflow';
import type { CliContext } from './cli-context.ts';
import { readPastCaseTable } from './past-case-table.ts';
import type { CommandOutput } from './projections-command.ts';

export const IMPORT_USAGE = `npm run cli -- import FILE.csv|FILE.xlsx [--dry-run] [--json]   past years' cases, one row per case (docs/import.md): every row checked first, nothing written on any error; a re-run writes nothing`;

/** `line 3, column 12 (決定日): reason — given "…"; expected …` */
export function formatIssue(issue: DomainErrorIssue): string {
  return `line ${issue.line ?? '?'}, column ${issue.column ?? '?'} (${issue.field}): ${issue.reason} — given ${JSON.stringify(issue.value)}; expected ${issue.expected}`;
}

/**
 * `import FILE`: validates every row (cells, then the application's decider on the fiscal year's
 * rules), then appends each case as the events a live case would have. Exit 0 when imported (or
 * already), 1 when the file has errors (nothing written; each named by line and column), 2 on usage.
 */
export async function importCommand(
  args: readonly string[],
  openContext: () => Promise<CliContext>,
  out: CommandOutput = { log: (l) => console.log(l), error: (l) => console.error(l) },
): Promise<number> {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--dry-run' && f !== '--json');
  if (files.length !== 1 || unknown.length > 0) {
    out.error(`usage:\n${IMPORT_USAGE}`);
    return 2;
  }
  const json = flags.has('--json');
  const refuse = (issues: readonly DomainErrorIssue[]): number => {
    if (json) out.log(JSON.stringify({ error: 'INVALID_IMPORT_FILE', written: 0, errors: issues }, null, 2));
    else {
      for (const issue of issues) out.error(formatIssue(issue));
      out.error(`import: nothing written — ${issues.length} error(s) in ${files[0]}`);
    }
    return 1;
  };
  let read: Awaited<ReturnType<typeof readPastCaseTable>>;
  try {
    read = await readPastCaseTable(files[0]!);
  } catch (error) {
    out.error(`error: cannot read ${files[0]}: ${(error as Error).message}`);
    return 2;
  }
  if (read.issues) return refuse(read.issues);
  const context = await openContext();
  try {
    const started = Date.now();
    const ruleBook = new RuleBook(context.store);
    await ruleBook.refresh();
    const plan = await planPastCaseImport(context.store, ruleBook.rules, read.table, read.file);
    if (plan.issues.length > 0) return refuse(plan.issues);
    const planned = plan.appends.reduce((sum, a) => sum + a.events.length, 0);
    if (flags.has('--dry-run')) {
      out.log(
        `import: ${plan.rows} rows valid — would write ${plan.appends.length} cases (${planned} events), ${plan.alreadyImported} already imported (dry run: nothing written)`,
      );
      return 0;
    }
    const result = await appendPastCases(context.store, plan.appends);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const summary =
      result.cases === 0
        ? `nothing written: every case already imported (${plan.alreadyImported + result.alreadyStored})`
        : `${result.cases} cases written (${result.events} events), ${plan.alreadyImported + result.alreadyStored} already imported`;
    if (json)
      out.log(
        JSON.stringify({
          rows: plan.rows,
          written: result.cases,
          events: result.events,
          alreadyImported: plan.alreadyImported + result.alreadyStored,
        }),
      );
    else out.log(`import: ${plan.rows} rows from ${read.file.name} — ${summary}, in ${seconds} s`);
    return 0;
  } finally {
    await context.close();
  }
}
