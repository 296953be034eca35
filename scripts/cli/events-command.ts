import { eligibilityLookups, retagEvents, SEED_APPLICATION_RULES, workflowAggregates } from '#workflow';
import type { CliContext } from './cli-context.ts';
import type { CommandOutput } from './projections-command.ts';

export const EVENTS_USAGE = `npm run cli -- events retag                 tag every event of the log for the lookups by key (after an upgrade that added or changed EVENT_TAGS); idempotent`;

/** `events retag`: the tag index of a log written before the tags (or before a change of EVENT_TAGS_VERSION). */
export async function eventsCommand(
  args: readonly string[],
  openContext: () => Promise<CliContext>,
  out: CommandOutput = { log: (l) => console.log(l), error: (l) => console.error(l) },
): Promise<number> {
  if (args.length !== 1 || args[0] !== 'retag') {
    out.error(`usage:\n${EVENTS_USAGE}`);
    return 2;
  }
  const context = await openContext();
  try {
    const aggregates = workflowAggregates(SEED_APPLICATION_RULES, eligibilityLookups(context.store));
    const started = Date.now();
    const result = await retagEvents(context.store, aggregates, (progress) =>
      out.log(`retag: ${progress.events} events read, ${progress.tagged} tagged`),
    );
    out.log(
      `retag: done — ${result.events} events read, ${result.tagged} tagged, through position ${result.throughPosition}, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    await context.close();
  }
}
