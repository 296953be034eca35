import { CommandHandler } from '@nestjs/cqrs';
import {
  TRAINING_EVENT_SCHEMA_VERSIONS,
  trainingOfferingDecider,
  trainingStreamId,
  type TrainingEvent,
  type TrainingOfferingState,
} from '#domain';
import { DeciderCommandHandler, type DomainCommandMessage } from '#platform';
import {
  CompleteTraining,
  EnrollParticipant,
  OfferTraining,
  RecordAttendance,
  WithdrawEnrollment,
  type TrainingStreamCommand,
} from './training-messages.ts';

/** Runs a training command on the offering's stream `training-<offeringId>`. */
export abstract class TrainingCommandHandler<
  M extends DomainCommandMessage<TrainingStreamCommand, TrainingEvent>,
> extends DeciderCommandHandler<M, TrainingStreamCommand, TrainingOfferingState, TrainingEvent> {
  protected readonly decider = trainingOfferingDecider;
  protected override readonly schemaVersions = TRAINING_EVENT_SCHEMA_VERSIONS;

  protected streamIdOf(command: TrainingStreamCommand): string {
    return trainingStreamId(command.offeringId);
  }
}

@CommandHandler(OfferTraining)
export class OfferTrainingHandler extends TrainingCommandHandler<OfferTraining> {}

@CommandHandler(EnrollParticipant)
export class EnrollParticipantHandler extends TrainingCommandHandler<EnrollParticipant> {}

@CommandHandler(RecordAttendance)
export class RecordAttendanceHandler extends TrainingCommandHandler<RecordAttendance> {}

@CommandHandler(CompleteTraining)
export class CompleteTrainingHandler extends TrainingCommandHandler<CompleteTraining> {}

@CommandHandler(WithdrawEnrollment)
export class WithdrawEnrollmentHandler extends TrainingCommandHandler<WithdrawEnrollment> {}

export const TRAINING_COMMAND_HANDLERS = [
  OfferTrainingHandler,
  EnrollParticipantHandler,
  RecordAttendanceHandler,
  CompleteTrainingHandler,
  WithdrawEnrollmentHandler,
];
