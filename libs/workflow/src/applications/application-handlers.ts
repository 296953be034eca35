import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import {
  APPLICATION_EVENT_SCHEMA_VERSIONS,
  applicationDecider,
  applicationStreamId,
  type ApplicationCommand,
  type ApplicationEvent,
  type ApplicationRules,
  type ApplicationState,
  type Decider,
} from '#domain';
import {
  DeciderCommandHandler,
  loadDecisionState,
  type CommandOutcome,
  type DomainCommandMessage,
} from '#platform';
import { APPLICATION_RULES } from '../workflow-rules.ts';
import {
  ApproveChange,
  CloseApplication,
  ConfirmAmount,
  DecideGrant,
  DraftApplication,
  RecordPayment,
  RecordRefund,
  RejectApplication,
  RejectChange,
  ReportPerformance,
  RequestChange,
  RequestCorrection,
  ResubmitApplication,
  StartReview,
  SubmitApplication,
  WithdrawApplication,
  type ApplicationStreamCommand,
} from './application-messages.ts';
import {
  PRIOR_PARTICIPATION_LOOKUP,
  TRAINING_COMPLETION_LOOKUP,
  type PriorParticipationLookup,
  type TrainingCompletionLookup,
} from './eligibility-lookups.ts';

/**
 * Runs an application command through the decider over the injected catalogue and schedule, on the
 * stream `application-<applicationId>`, writing APPLICATION_EVENT_SCHEMA_VERSIONS.
 */
export abstract class ApplicationCommandHandler<
  M extends DomainCommandMessage<ApplicationStreamCommand, ApplicationEvent>,
> extends DeciderCommandHandler<M, ApplicationStreamCommand, ApplicationState, ApplicationEvent> {
  @Inject(APPLICATION_RULES) private readonly rules!: ApplicationRules;
  private built?: Decider<ApplicationCommand, ApplicationState, ApplicationEvent>;
  protected override readonly schemaVersions = APPLICATION_EVENT_SCHEMA_VERSIONS;

  protected get decider(): Decider<ApplicationCommand, ApplicationState, ApplicationEvent> {
    this.built ??= applicationDecider(this.rules.catalogue, { schedule: this.rules.schedule });
    return this.built;
  }

  protected streamIdOf(command: ApplicationStreamCommand): string {
    return applicationStreamId(command.applicationId);
  }
}

@CommandHandler(DraftApplication)
export class DraftApplicationHandler extends ApplicationCommandHandler<DraftApplication> {}

@CommandHandler(SubmitApplication)
export class SubmitApplicationHandler extends ApplicationCommandHandler<SubmitApplication> {}

/**
 * 審査: the caseworker gives the facts about the institution; the staff's training completions and the
 * recipient's earlier funded years are looked up here (whatever the message says about them), so that the
 * checks recorded with the case rest on the log.
 */
@CommandHandler(StartReview)
export class StartReviewHandler extends ApplicationCommandHandler<StartReview> {
  @Inject(TRAINING_COMPLETION_LOOKUP) private readonly completions!: TrainingCompletionLookup;
  @Inject(PRIOR_PARTICIPATION_LOOKUP) private readonly participation!: PriorParticipationLookup;

  override async execute(message: StartReview): Promise<CommandOutcome<ApplicationEvent>> {
    const { command } = message;
    const { state } = await loadDecisionState(this.store, this.streamIdOf(command), this.decider);
    const recipientId = state.ref?.recipient.id;
    // No case yet: the decider refuses by stage, nothing to look up.
    if (recipientId === undefined) return super.execute(message);
    const [staffTrainingCompletions, priorParticipation] = await Promise.all([
      this.completions.completionsOf(recipientId),
      this.participation.participationOf(recipientId),
    ]);
    const facts = { ...command.data?.facts, staffTrainingCompletions, priorParticipation };
    return super.execute(
      new StartReview(
        { ...command, data: { ...command.data, facts } },
        message.metadata,
        message.eventIdSeed,
      ),
    );
  }
}

@CommandHandler(RequestCorrection)
export class RequestCorrectionHandler extends ApplicationCommandHandler<RequestCorrection> {}

@CommandHandler(ResubmitApplication)
export class ResubmitApplicationHandler extends ApplicationCommandHandler<ResubmitApplication> {}

@CommandHandler(DecideGrant)
export class DecideGrantHandler extends ApplicationCommandHandler<DecideGrant> {}

@CommandHandler(RejectApplication)
export class RejectApplicationHandler extends ApplicationCommandHandler<RejectApplication> {}

@CommandHandler(WithdrawApplication)
export class WithdrawApplicationHandler extends ApplicationCommandHandler<WithdrawApplication> {}

@CommandHandler(RequestChange)
export class RequestChangeHandler extends ApplicationCommandHandler<RequestChange> {}

@CommandHandler(ApproveChange)
export class ApproveChangeHandler extends ApplicationCommandHandler<ApproveChange> {}

@CommandHandler(RejectChange)
export class RejectChangeHandler extends ApplicationCommandHandler<RejectChange> {}

@CommandHandler(RecordPayment)
export class RecordPaymentHandler extends ApplicationCommandHandler<RecordPayment> {}

@CommandHandler(ReportPerformance)
export class ReportPerformanceHandler extends ApplicationCommandHandler<ReportPerformance> {}

@CommandHandler(ConfirmAmount)
export class ConfirmAmountHandler extends ApplicationCommandHandler<ConfirmAmount> {}

@CommandHandler(RecordRefund)
export class RecordRefundHandler extends ApplicationCommandHandler<RecordRefund> {}

@CommandHandler(CloseApplication)
export class CloseApplicationHandler extends ApplicationCommandHandler<CloseApplication> {}

export const APPLICATION_COMMAND_HANDLERS = [
  DraftApplicationHandler,
  SubmitApplicationHandler,
  StartReviewHandler,
  RequestCorrectionHandler,
  ResubmitApplicationHandler,
  DecideGrantHandler,
  RejectApplicationHandler,
  WithdrawApplicationHandler,
  RequestChangeHandler,
  ApproveChangeHandler,
  RejectChangeHandler,
  RecordPaymentHandler,
  ReportPerformanceHandler,
  ConfirmAmountHandler,
  RecordRefundHandler,
  CloseApplicationHandler,
];
