import { v7 as uuidv7 } from 'uuid';
import { WrongExpectedRevisionError, type EventStore, type NewEvent } from '#event-store';
import type { Command, Decider, DomainEvent } from '#domain';
import { eventMetadataOf, type CommandMetadata } from './command-metadata.ts';
import { loadDecisionState } from './load-decision-state.ts';
import { noteRefusedCommand } from './refused-command.ts';
import type { Upcasters } from './upcasters.ts';

export interface HandleCommandInput<C extends Command, State, Event extends DomainEvent> {
  readonly streamId: string;
  readonly decider: Decider<C, State, Event>;
  readonly command: C;
  readonly metadata: CommandMetadata;
  /** Schema version of each event type written (absent: 1). */
  readonly schemaVersions?: Readonly<Record<string, number>>;
  /** Applied to stored events before `evolve` (see Upcasters). */
  readonly upcasters?: Upcasters;
  /**
   * Event ids, for callers that must be idempotent across runs (jobs: deterministicId(run, …)).
   * Absent: a new UUIDv7 per event.
   */
  readonly eventIds?: (event: Event, index: number) => string;
}

/** What a command did. `position` is a decimal string (bigint has no JSON): pass it to waitForPosition. */
export interface CommandOutcome<Event extends DomainEvent = DomainEvent> {
  readonly events: readonly Event[];
  readonly eventIds: readonly string[];
  /** Revision of the stream's last event after the command ('no_stream': nothing was ever written). */
  readonly nextRevision: number | 'no_stream';
  /** Global position of the last event written or, when the decider decided nothing, of the stream's last event. */
  readonly position: string;
}

/**
 * The command loop: load the stream, fold it, decide, append with the loaded revision as the expected
 * one. When another writer got in between (WrongExpectedRevisionError), load and decide again ONCE on
 * the fresh state — the decider may now refuse — and never overwrite blindly; a second conflict is
 * thrown. A decider that throws appends nothing.
 */
export async function handleCommand<C extends Command, State, Event extends DomainEvent>(
  store: EventStore,
  input: HandleCommandInput<C, State, Event>,
): Promise<CommandOutcome<Event>> {
  try {
    return await decideAndAppend(store, input);
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    return decideAndAppend(store, input);
  }
}

async function decideAndAppend<C extends Command, State, Event extends DomainEvent>(
  store: EventStore,
  input: HandleCommandInput<C, State, Event>,
): Promise<CommandOutcome<Event>> {
  const { streamId, decider, command } = input;
  const loaded = await loadDecisionState(store, streamId, decider, input.upcasters);
  let events: readonly Event[];
  try {
    events = decider.decide(command, loaded.state);
  } catch (error) {
    noteRefusedCommand(error, { command: command.type, streamId });
    throw error;
  }
  if (events.length === 0) {
    return { events, eventIds: [], nextRevision: loaded.revision, position: loaded.position.toString() };
  }
  const metadata = eventMetadataOf(command, input.metadata);
  const toAppend: NewEvent[] = events.map((event, index) => ({
    id: input.eventIds ? input.eventIds(event, index) : uuidv7(),
    type: event.type,
    schemaVersion: input.schemaVersions?.[event.type] ?? 1,
    data: event.data,
    metadata,
  }));
  const appended = await store.append(streamId, toAppend, { expectedRevision: loaded.revision });
  return {
    events,
    eventIds: toAppend.map((event) => event.id!),
    nextRevision: appended.nextRevision,
    position: appended.position.toString(),
  };
}
