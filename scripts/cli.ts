/**
 * `npm run cli -- <area> <action> [options]`: operations for administrators and auditors.
 * Exit codes: 0 done (nothing found), 1 a check found something, 2 usage or configuration error.
 */
import { ConfigError } from '#platform';
import { EventStoreError } from '#event-store';
import { AUDIT_USAGE, auditCommand, UsageError } from './cli/audit-command.ts';
import { openCliContext } from './cli/cli-context.ts';
import { EVENTS_USAGE, eventsCommand } from './cli/events-command.ts';
import { IMPORT_USAGE, importCommand } from './cli/import-command.ts';
import { PROJECTIONS_USAGE, projectionsCommand } from './cli/projections-command.ts';

const USAGE = `usage:\n${AUDIT_USAGE}\n${PROJECTIONS_USAGE}\n${EVENTS_USAGE}\n${IMPORT_USAGE}`;

async function main(args: readonly string[]): Promise<number> {
  const [area, ...rest] = args;
  if (area === 'audit') return auditCommand(rest, openCliContext);
  if (area === 'projections') return projectionsCommand(rest, openCliContext);
  if (area === 'events') return eventsCommand(rest, openCliContext);
  if (area === 'import') return importCommand(rest, openCliContext);
  console.error(area === undefined ? USAGE : `unknown command ${JSON.stringify(area)}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const expected =
      error instanceof UsageError || error instanceof ConfigError || error instanceof EventStoreError;
    console.error(expected ? `error: ${(error as Error).message}` : error);
    process.exit(2);
  },
);
