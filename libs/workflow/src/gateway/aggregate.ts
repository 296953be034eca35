import type { Command, Decider, DomainEvent, ResourceScope, Role } from '#domain';
import type { Upcasters } from '#platform';

/**
 * What the command gateway knows of one aggregate, registered once (workflow-aggregates.ts): where its
 * streams are, the decider, the schema version of each event it writes, who may issue which command
 * (the domain's policy table), whose a stream is, which commands may start one, what a command needs
 * looked up, and by which keys its events are found again.
 */
export interface Aggregate<Key, C extends Command, State, Event extends DomainEvent> {
  /** The stream of one instance: `application-<id>`, `designationRound-<FY>`… */
  streamIdOf(key: Key): string;
  readonly decider: Decider<C, State, Event>;
  /** Schema version of each event type written (absent: 1). */
  readonly schemaVersions?: Readonly<Record<string, number>>;
  /** Applied to stored events before `evolve`. */
  readonly upcasters?: Upcasters;
  /** Who may issue each command type: checked before the stream is read (the decider checks again). */
  readonly rolesOf?: (type: C['type']) => readonly Role[];
  /** Whose an existing stream is: an actor outside it is answered as if it did not exist. */
  readonly scopeOf?: (state: State) => ResourceScope | undefined;
  /**
   * Whether an instance exists in `state` (absent: it does once a stream has an event). With `startedBy`,
   * any other command on a missing instance is refused as not found.
   */
  readonly exists?: (state: State) => boolean;
  /** The command types that may start an instance; absent: any command may. */
  readonly startedBy?: readonly C['type'][];
  /** What the noun is in a not-found answer ("case", "training offering"). */
  readonly noun: string;
  /**
   * Facts a command needs looked up by key before the decision (StartReview: the staff's training
   * completions, the recipient's earlier funded years), from the state the gateway loaded.
   */
  readonly complete?: (command: C, state: State) => Promise<C>;
  /** The category of its streams (`application`): needed where events are tagged, to tag a log again. */
  readonly category?: string;
  /** Index keys of an event, from the state it leaves (store.readByTag finds it by them). */
  readonly tagsOf?: (event: Event, stateAfter: State) => readonly string[];
}

/** Any registered aggregate. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAggregate = Aggregate<any, any, any, any>;

/* eslint-disable @typescript-eslint/no-explicit-any */
export type KeyOf<A> = A extends Aggregate<infer K, any, any, any> ? K : never;
export type CommandOf<A> = A extends Aggregate<any, infer C, any, any> ? C : never;
export type StateOf<A> = A extends Aggregate<any, any, infer S, any> ? S : never;
export type EventOf<A> = A extends Aggregate<any, any, any, infer E> ? E : never;
/* eslint-enable @typescript-eslint/no-explicit-any */
