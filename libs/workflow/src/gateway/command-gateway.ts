import { v7 as uuidv7 } from 'uuid';
import { canAccess, requireRole, type Actor, type DomainEvent } from '#domain';
import { WrongExpectedRevisionError, type EventStore, type NewEvent } from '#event-store';
import {
  deterministicId,
  eventMetadataOf,
  loadDecisionState,
  noteRefusedCommand,
  type CommandMetadata,
  type DecisionState,
} from '#platform';
import type { AnyAggregate, CommandOf, EventOf, KeyOf, StateOf } from './aggregate.ts';
import { NotFoundError } from './not-found-error.ts';
import type { WorkflowAggregates } from './workflow-aggregates.ts';

/** The names of the product's aggregates. */
export type AggregateName = keyof WorkflowAggregates;

/** Aggregates by name: WorkflowAggregates in the product; a spec may register its own. */
export type AggregateRegistry = Readonly<Record<string, AnyAggregate>>;

export interface SendOptions {
  readonly metadata: CommandMetadata;
  /**
   * Names the command's events deterministically (`deterministicId(...eventIdSeed, type, index)`), so
   * that a job run or a replayed scenario writes the same events again (absent: a UUIDv7 per event).
   */
  readonly eventIdSeed?: string | readonly (string | number)[];
}

export interface GatewayOptions {
  /** Runs before every command is decided: the rule book reads the rules released since (RuleBook.refresh). */
  readonly beforeDecide?: () => Promise<void>;
}

/** What a command did, and the state it left: no caller reads the stream again for its answer. */
export interface CommandResult<State, Event extends DomainEvent = DomainEvent> {
  readonly events: readonly Event[];
  readonly eventIds: readonly string[];
  /** Revision of the stream's last event after the command ('no_stream': nothing was ever written). */
  readonly nextRevision: number | 'no_stream';
  /** Global position of the last event written or, when nothing was decided, of the stream's last event (a decimal string: pass it to `?afterPosition=`). */
  readonly position: string;
  /** The state after the new events (the loaded state folded with them). */
  readonly state: State;
}

/** An instance as its stream tells it now (or at `untilRevision`). */
export type Loaded<State> = DecisionState<State> & { readonly exists: boolean };

/**
 * The one way a command runs. Every caller — controllers, jobs, the simulation, CLIs, tests — hands it
 * the aggregate's name, the instance's key and the command; the gateway checks the role against the
 * domain's policy, reads the stream ONCE, checks the actor's scope on what it read, looks up what the
 * command needs by key, decides, appends with the read revision as the expected one (tagging each event
 * for later lookups) and returns the state after the new events. On a conflict (another writer got in
 * between) it reads and decides again once — the decider may now refuse — and never overwrites blindly.
 */
export class CommandGateway<R extends AggregateRegistry = WorkflowAggregates> {
  constructor(
    private readonly store: EventStore,
    private readonly aggregates: R,
    private readonly options: GatewayOptions = {},
  ) {}

  async send<N extends keyof R & string>(
    name: N,
    key: KeyOf<R[N]>,
    command: CommandOf<R[N]>,
    options: SendOptions,
  ): Promise<CommandResult<StateOf<R[N]>, EventOf<R[N]>>> {
    const aggregate = this.aggregates[name]!;
    const roles = aggregate.rolesOf?.(command.type);
    if (roles) this.noting(command.type, aggregate.streamIdOf(key), () => requireRole(command, roles));
    await this.options.beforeDecide?.();
    try {
      return (await this.decideAndAppend(aggregate, key, command, options)) as CommandResult<
        StateOf<R[N]>,
        EventOf<R[N]>
      >;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      return (await this.decideAndAppend(aggregate, key, command, options)) as CommandResult<
        StateOf<R[N]>,
        EventOf<R[N]>
      >;
    }
  }

  /** The instance folded from its stream; `actor`: refused as not found when outside the actor's scope. */
  async load<N extends keyof R & string>(
    name: N,
    key: KeyOf<R[N]>,
    options: { readonly actor?: Actor; readonly untilRevision?: number } = {},
  ): Promise<Loaded<StateOf<R[N]>>> {
    const aggregate = this.aggregates[name]!;
    const loaded = await this.read(aggregate, key, options.untilRevision);
    if (options.actor) this.assertInScope(aggregate, loaded, options.actor);
    return loaded as Loaded<StateOf<R[N]>>;
  }

  /** As load, but a missing instance (or one outside the actor's scope) is a NotFoundError. */
  async find<N extends keyof R & string>(
    name: N,
    key: KeyOf<R[N]>,
    options: { readonly actor?: Actor; readonly untilRevision?: number } = {},
  ): Promise<Loaded<StateOf<R[N]>>> {
    const loaded = await this.load(name, key, options);
    if (!loaded.exists) throw new NotFoundError(this.aggregates[name]!.noun, false);
    return loaded;
  }

  private async read(aggregate: AnyAggregate, key: unknown, untilRevision?: number) {
    const loaded = await loadDecisionState(
      this.store,
      aggregate.streamIdOf(key),
      aggregate.decider,
      aggregate.upcasters,
      untilRevision,
    );
    const exists = aggregate.exists ? aggregate.exists(loaded.state) : loaded.revision !== 'no_stream';
    return { ...loaded, exists };
  }

  private assertInScope(aggregate: AnyAggregate, loaded: Loaded<unknown>, actor: Actor): void {
    if (!loaded.exists || !aggregate.scopeOf) return;
    const scope = aggregate.scopeOf(loaded.state);
    if (scope && !canAccess(actor, scope)) throw new NotFoundError(aggregate.noun, true);
  }

  private async decideAndAppend(
    aggregate: AnyAggregate,
    key: unknown,
    command: CommandOf<AnyAggregate>,
    options: SendOptions,
  ): Promise<CommandResult<unknown>> {
    const streamId = aggregate.streamIdOf(key);
    const loaded = await this.read(aggregate, key);
    this.assertInScope(aggregate, loaded, command.actor);
    if (!loaded.exists && aggregate.startedBy && !aggregate.startedBy.includes(command.type)) {
      throw new NotFoundError(aggregate.noun, false);
    }
    const completed = aggregate.complete ? await aggregate.complete(command, loaded.state) : command;
    const events = this.noting(command.type, streamId, () =>
      aggregate.decider.decide(completed, loaded.state),
    ) as readonly DomainEvent[];
    if (events.length === 0) {
      const { revision: nextRevision, position, state } = loaded;
      return { events, eventIds: [], nextRevision, position: position.toString(), state };
    }
    const metadata = eventMetadataOf(command, options.metadata);
    const seed = options.eventIdSeed === undefined ? undefined : [options.eventIdSeed].flat();
    let state = loaded.state;
    const toAppend: NewEvent[] = events.map((event, index) => {
      state = aggregate.decider.evolve(state, event);
      const tags = aggregate.tagsOf?.(event, state) ?? [];
      return {
        id: seed === undefined ? uuidv7() : deterministicId(...seed, event.type, index),
        type: event.type,
        schemaVersion: aggregate.schemaVersions?.[event.type] ?? 1,
        data: event.data,
        metadata,
        ...(tags.length > 0 ? { tags } : {}),
      };
    });
    const appended = await this.store.append(streamId, toAppend, { expectedRevision: loaded.revision });
    return {
      events,
      eventIds: toAppend.map((event) => event.id!),
      nextRevision: appended.nextRevision,
      position: appended.position.toString(),
      state,
    };
  }

  /** Runs a decision step; whatever it throws is noted as this command's refusal (the security log reads it). */
  private noting<T>(command: string, streamId: string, step: () => T): T {
    try {
      return step();
    } catch (error) {
      noteRefusedCommand(error, { command, streamId });
      throw error;
    }
  }
}
