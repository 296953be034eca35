import { Inject } from '@nestjs/common';
import { Command as BusCommand } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import type { Command, Decider, DomainEvent } from '#domain';
import { EVENT_STORE } from '../infrastructure-tokens.ts';
import { deterministicId } from '../deterministic-id.ts';
import type { CommandMetadata } from './command-metadata.ts';
import { handleCommand, type CommandOutcome } from './handle-command.ts';
import type { Upcasters } from './upcasters.ts';

/**
 * A domain command on @nestjs/cqrs's CommandBus, with its metadata. The bus routes by class, so each
 * command type gets a subclass: `class SubmitApplication extends DomainCommandMessage<SubmitCommand> {}`;
 * `commandBus.execute(new SubmitApplication(command, metadata))` is then typed as its CommandOutcome.
 */
export abstract class DomainCommandMessage<
  C extends Command = Command,
  Event extends DomainEvent = DomainEvent,
> extends BusCommand<CommandOutcome<Event>> {
  constructor(
    readonly command: C,
    readonly metadata: CommandMetadata,
    /**
     * Names the command's events deterministically (`deterministicId(eventIdSeed, type, index)`), so
     * that replaying the same scenario writes the same log (simulations); absent: UUIDv7.
     */
    readonly eventIdSeed?: string,
  ) {
    super();
  }
}

/**
 * Base of a CommandBus handler that runs a decider through handleCommand. A subclass names the decider
 * and the stream, and is decorated with `@CommandHandler(ItsMessage)`; the store is injected:
 *
 *   @CommandHandler(SubmitApplication)
 *   export class SubmitApplicationHandler extends DeciderCommandHandler<SubmitApplication, …> {
 *     protected readonly decider = applicationDecider;
 *     protected streamIdOf(command) { return `application-${command.data.applicationId}`; }
 *   }
 *
 * (It satisfies ICommandHandler<M>; `implements` cannot say so: that type is conditional.)
 */
export abstract class DeciderCommandHandler<
  M extends DomainCommandMessage<C, Event>,
  C extends Command,
  State,
  Event extends DomainEvent,
> {
  @Inject(EVENT_STORE) protected readonly store!: EventStore;
  protected abstract readonly decider: Decider<C, State, Event>;
  protected readonly schemaVersions?: Readonly<Record<string, number>>;
  protected readonly upcasters?: Upcasters;

  protected abstract streamIdOf(command: C): string;

  /** Deterministic event ids, for handlers run by jobs; absent: UUIDv7. */
  protected eventIdsOf?(message: M): ((event: Event, index: number) => string) | undefined;

  execute(message: M): Promise<CommandOutcome<Event>> {
    const seed = message.eventIdSeed;
    const eventIds =
      this.eventIdsOf?.(message) ??
      (seed === undefined
        ? undefined
        : (event: Event, index: number) => deterministicId(seed, event.type, index));
    return handleCommand(this.store, {
      streamId: this.streamIdOf(message.command),
      decider: this.decider,
      command: message.command,
      metadata: message.metadata,
      ...(this.schemaVersions ? { schemaVersions: this.schemaVersions } : {}),
      ...(this.upcasters ? { upcasters: this.upcasters } : {}),
      ...(eventIds ? { eventIds } : {}),
    });
  }
}
