import type { TrainingCommandOf, TrainingCommandType, TrainingEvent } from '#domain';
import { DomainCommandMessage } from '#platform';

/** A training command addressed to its offering's stream (`training-<offeringId>`). */
export type TrainingStreamCommand<T extends TrainingCommandType = TrainingCommandType> =
  TrainingCommandOf<T> & { readonly offeringId: string };

/** Base of the CommandBus messages of a training offering, one subclass per command type. */
export abstract class TrainingMessage<
  T extends TrainingCommandType = TrainingCommandType,
> extends DomainCommandMessage<TrainingStreamCommand<T>, TrainingEvent> {}

export class OfferTraining extends TrainingMessage<'OfferTraining'> {}
export class EnrollParticipant extends TrainingMessage<'EnrollParticipant'> {}
export class RecordAttendance extends TrainingMessage<'RecordAttendance'> {}
export class CompleteTraining extends TrainingMessage<'CompleteTraining'> {}
export class WithdrawEnrollment extends TrainingMessage<'WithdrawEnrollment'> {}
