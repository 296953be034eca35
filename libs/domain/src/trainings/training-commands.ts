import type { Command } from '../shared/command.ts';

export type TrainingCommand =
  | Command<
      'OfferTraining',
      {
        readonly offeringId: string;
        readonly courseId: string;
        readonly fiscalYear: number;
        /** A date (YYYY-MM-DD) for every session of the course, within the fiscal year. */
        readonly sessions: readonly { readonly sessionId: string; readonly date: string }[];
      }
    >
  | Command<'EnrollParticipant', { readonly personId: string; readonly institutionId: string }>
  | Command<'RecordAttendance', { readonly personId: string; readonly sessionId: string }>
  | Command<'CompleteTraining', { readonly personId: string }>
  | Command<'WithdrawEnrollment', { readonly personId: string }>;

export type TrainingCommandType = TrainingCommand['type'];

export type TrainingCommandOf<T extends TrainingCommandType> = Extract<TrainingCommand, { type: T }>;

export const TRAINING_COMMAND_TYPES: readonly TrainingCommandType[] = [
  'OfferTraining',
  'EnrollParticipant',
  'RecordAttendance',
  'CompleteTraining',
  'WithdrawEnrollment',
];
