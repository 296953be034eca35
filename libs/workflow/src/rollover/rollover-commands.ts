import {
  FISCAL_YEAR_ROLLOVER_EVENT_SCHEMA_VERSIONS,
  fiscalYearRolloverDecider,
  fiscalYearRolloverStreamId,
  MULTI_YEAR_GRANT_EVENT_SCHEMA_VERSIONS,
  multiYearGrantDecider,
  type ApplicationRules,
  type FiscalYearRolloverCommand,
  type FiscalYearRolloverEvent,
  type MultiYearGrantCommand,
  type MultiYearGrantEvent,
} from '#domain';
import type { EventStore } from '#event-store';
import { handleCommand, type CommandMetadata, type CommandOutcome } from '#platform';
import type { EventIdsOf } from '../designations/designation-commands.ts';

/** Runs the fiscal-year rollover command on `fiscalYearRollover-<FY>`. */
export function executeRolloverCommand(
  store: EventStore,
  rules: ApplicationRules,
  command: FiscalYearRolloverCommand,
  metadata: CommandMetadata,
  eventIds?: EventIdsOf,
): Promise<CommandOutcome<FiscalYearRolloverEvent>> {
  return handleCommand(store, {
    streamId: fiscalYearRolloverStreamId(command.data.fiscalYear),
    decider: fiscalYearRolloverDecider(rules.catalogue, rules.schedule),
    command,
    metadata,
    schemaVersions: FISCAL_YEAR_ROLLOVER_EVENT_SCHEMA_VERSIONS,
    ...(eventIds ? { eventIds } : {}),
  });
}

/** Runs a command on one multi-year grant stream (`multiYearGrant-…`). */
export function executeMultiYearGrantCommand(
  store: EventStore,
  rules: ApplicationRules,
  streamId: string,
  command: MultiYearGrantCommand,
  metadata: CommandMetadata,
  eventIds?: EventIdsOf,
): Promise<CommandOutcome<MultiYearGrantEvent>> {
  return handleCommand(store, {
    streamId,
    decider: multiYearGrantDecider(rules.catalogue),
    command,
    metadata,
    schemaVersions: MULTI_YEAR_GRANT_EVENT_SCHEMA_VERSIONS,
    ...(eventIds ? { eventIds } : {}),
  });
}
