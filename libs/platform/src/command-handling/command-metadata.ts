import type { EventMetadata } from '#event-store';
import type { Command } from '#domain';

/** What a command's events record besides the actor and the reason (which come from the command). */
export interface CommandMetadata {
  /** Shared by every event of one request or job run (the request id, the job run id). */
  readonly correlationId: string;
  /** The command or event that directly caused these events. */
  readonly causationId?: string;
  readonly requestId?: string;
  /** Where the command was read from, for records entered from a file (EventMetadata.source). */
  readonly source?: string;
}

/** The envelope metadata of a command's events; absent optional fields are left out, never undefined. */
export function eventMetadataOf(command: Command, metadata: CommandMetadata): EventMetadata {
  return {
    actorId: command.actor.id,
    actorRole: command.actor.role,
    correlationId: metadata.correlationId,
    ...(metadata.causationId === undefined ? {} : { causationId: metadata.causationId }),
    ...(command.reason === undefined ? {} : { reason: command.reason }),
    ...(metadata.requestId === undefined ? {} : { requestId: metadata.requestId }),
    ...(metadata.source === undefined ? {} : { source: metadata.source }),
  };
}
