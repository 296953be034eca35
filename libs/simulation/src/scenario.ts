import type { CommandBus } from '@nestjs/cqrs';
import {
  APPLICATION_MESSAGES,
  CompleteTraining,
  EnrollParticipant,
  executeHubSurveyCommand,
  executeRoundCommand,
  OfferTraining,
  RecordAttendance,
  WithdrawEnrollment,
  type ApplicationStreamCommand,
  type EventIdsOf,
  type TrainingStreamCommand,
} from '#workflow';
import type {
  Actor,
  ApplicationCommandOf,
  ApplicationCommandType,
  HubSurveyCommand,
  RecommendationRoundCommand,
  TrainingCommandOf,
  TrainingCommandType,
} from '#domain';
import type { EventStore } from '#event-store';
import { deterministicId, type CommandMetadata } from '#platform';

/**
 * A scenario is a list of dated steps, each a few commands, run through the same command handlers the
 * api uses. Every command's events are named from the step and the command's place in it, so running
 * the same scenario twice writes the same log.
 */
export interface ScenarioStep {
  /** An instant with its offset, e.g. `2016-04-03T10:00:00+09:00`. */
  readonly at: string;
  readonly label: string;
  run(actions: ScenarioActions): Promise<void>;
}

const TRAINING_MESSAGES = {
  OfferTraining,
  EnrollParticipant,
  RecordAttendance,
  CompleteTraining,
  WithdrawEnrollment,
} as const;

type Data<T extends { readonly data: unknown }> = T['data'];

/** What a step may do, at the step's instant, as the actors it names. */
export class ScenarioActions {
  private count = 0;

  constructor(
    private readonly bus: CommandBus,
    private readonly store: EventStore,
    private readonly step: ScenarioStep,
  ) {}

  async application<T extends ApplicationCommandType>(
    type: T,
    applicationId: string,
    data: Data<ApplicationCommandOf<T>>,
    actor: Actor,
  ): Promise<void> {
    const Message = APPLICATION_MESSAGES[type];
    const command = {
      type,
      data,
      actor,
      at: this.at,
      applicationId,
    } as unknown as ApplicationStreamCommand<T>;
    await this.bus.execute(new Message(command, this.metadata(), this.seed()));
  }

  async training<T extends TrainingCommandType>(
    type: T,
    offeringId: string,
    data: Data<TrainingCommandOf<T>>,
    actor: Actor,
  ): Promise<void> {
    const Message = TRAINING_MESSAGES[type] as unknown as new (
      command: TrainingStreamCommand<T>,
      metadata: CommandMetadata,
      seed: string,
    ) => OfferTraining;
    const command = { type, data, actor, at: this.at, offeringId } as unknown as TrainingStreamCommand<T>;
    await this.bus.execute(new Message(command, this.metadata(), this.seed()));
  }

  round(fiscalYear: number, command: Omit<RecommendationRoundCommand, 'at'>): Promise<void> {
    return this.execute((ids) =>
      executeRoundCommand(
        this.store,
        fiscalYear,
        this.dated(command) as RecommendationRoundCommand,
        this.metadata(),
        ids,
      ),
    );
  }

  hubSurvey(fiscalYear: number, command: Omit<HubSurveyCommand, 'at'>): Promise<void> {
    return this.execute((ids) =>
      executeHubSurveyCommand(
        this.store,
        fiscalYear,
        this.dated(command) as HubSurveyCommand,
        this.metadata(),
        ids,
      ),
    );
  }

  /** Designations run through their own command functions (no CommandBus): seeded the same way. */
  private async execute(run: (ids: EventIdsOf) => Promise<unknown>): Promise<void> {
    const seed = this.seed();
    await run((event, index) => deterministicId(seed, event.type, index));
  }

  private dated<C extends { readonly type: string }>(command: C): C & { readonly at: Date } {
    return { ...command, at: this.at };
  }

  private get at(): Date {
    return new Date(this.step.at);
  }

  private metadata(): CommandMetadata {
    return { correlationId: `simulation:${this.step.at}:${this.step.label}` };
  }

  private seed(): string {
    this.count += 1;
    return `simulation:${this.step.at}:${this.step.label}:${this.count}`;
  }
}
