import type { CommandGateway } from '#workflow';
import type {
  Actor,
  ApplicationCommand,
  ApplicationCommandOf,
  ApplicationCommandType,
  HubSurveyCommand,
  RecommendationRoundCommand,
  TrainingCommand,
  TrainingCommandOf,
  TrainingCommandType,
} from '#domain';
import type { CommandMetadata } from '#platform';

/**
 * A scenario is a list of dated steps, each a few commands, run through the same command gateway the
 * api uses. Every command's events are named from the step and the command's place in it, so running
 * the same scenario twice writes the same log.
 */
export interface ScenarioStep {
  /** An instant with its offset, e.g. `2016-04-03T10:00:00+09:00`. */
  readonly at: string;
  readonly label: string;
  run(actions: ScenarioActions): Promise<void>;
}

type Data<T extends { readonly data: unknown }> = T['data'];

/** What a step may do, at the step's instant, as the actors it names. */
export class ScenarioActions {
  private count = 0;

  constructor(
    private readonly gateway: CommandGateway,
    private readonly step: ScenarioStep,
  ) {}

  async application<T extends ApplicationCommandType>(
    type: T,
    applicationId: string,
    data: Data<ApplicationCommandOf<T>>,
    actor: Actor,
  ): Promise<void> {
    const command = { type, data, actor, at: this.at } as unknown as ApplicationCommand;
    await this.gateway.send('application', applicationId, command, this.options());
  }

  async training<T extends TrainingCommandType>(
    type: T,
    offeringId: string,
    data: Data<TrainingCommandOf<T>>,
    actor: Actor,
  ): Promise<void> {
    const command = { type, data, actor, at: this.at } as unknown as TrainingCommand;
    await this.gateway.send('training', offeringId, command, this.options());
  }

  async round(fiscalYear: number, command: Omit<RecommendationRoundCommand, 'at'>): Promise<void> {
    const dated = this.dated(command) as RecommendationRoundCommand;
    await this.gateway.send('recommendationRound', fiscalYear, dated, this.options());
  }

  async hubSurvey(fiscalYear: number, command: Omit<HubSurveyCommand, 'at'>): Promise<void> {
    await this.gateway.send('hubSurvey', fiscalYear, this.dated(command) as HubSurveyCommand, this.options());
  }

  /** Every command's events are named from the step and the command's place in it. */
  private options(): { metadata: CommandMetadata; eventIdSeed: string } {
    return { metadata: this.metadata(), eventIdSeed: this.seed() };
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
