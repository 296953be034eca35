import type { TrainingCourseId } from '../rules/eligibility/eligibility-facts.ts';
import type { DomainEvent } from '../shared/decider.ts';
import type { EventRecord } from '../shared/event-record.ts';
import type { LocalizedText } from '../shared/localized-text.ts';
import type { TrainingSessionKind } from './training-courses.ts';

export interface OfferedSession {
  readonly sessionId: string;
  readonly name: LocalizedText;
  readonly kind: TrainingSessionKind;
  readonly required: boolean;
  /** YYYY-MM-DD (Tokyo). */
  readonly date: string;
}

/** On every training event: the offering, its course and fiscal year, and who recorded it. */
export interface TrainingEventBase {
  readonly offeringId: string;
  readonly courseId: TrainingCourseId;
  readonly fiscalYear: number;
  readonly recorded: EventRecord;
}

/** A participant: a pseudonymous person id and the institution employing them then. Never a name (APPI). */
export interface Participant {
  readonly personId: string;
  readonly institutionId: string;
}

type TrainingEventOf<Type extends string, Data> = DomainEvent<Type, TrainingEventBase & Data>;

/** Version 1 of every event of a training offering stream (`training-<offeringId>`). */
export type TrainingEvent =
  | TrainingEventOf<'TrainingOffered', { readonly sessions: readonly OfferedSession[] }>
  | TrainingEventOf<'ParticipantEnrolled', Participant & { readonly enrolledOn: string }>
  | TrainingEventOf<
      'AttendanceRecorded',
      Participant & { readonly sessionId: string; readonly sessionDate: string; readonly recordedOn: string }
    >
  | TrainingEventOf<
      'TrainingCompleted',
      Participant & { readonly completedOn: string; readonly sessionsAttended: readonly string[] }
    >
  | TrainingEventOf<
      'EnrollmentWithdrawn',
      Participant & { readonly withdrawnOn: string; readonly reason: string }
    >;

export type TrainingEventType = TrainingEvent['type'];

export const TRAINING_EVENT_SCHEMA_VERSIONS: Readonly<Record<TrainingEventType, number>> = {
  TrainingOffered: 1,
  ParticipantEnrolled: 1,
  AttendanceRecorded: 1,
  TrainingCompleted: 1,
  EnrollmentWithdrawn: 1,
};

export const TRAINING_EVENT_TYPES = Object.keys(TRAINING_EVENT_SCHEMA_VERSIONS) as TrainingEventType[];

export function isTrainingEvent(event: DomainEvent): event is TrainingEvent {
  return (TRAINING_EVENT_TYPES as readonly string[]).includes(event.type);
}
