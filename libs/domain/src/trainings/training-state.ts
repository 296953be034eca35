import type { TrainingCourseId } from '../rules/eligibility/eligibility-facts.ts';
import type { OfferedSession, TrainingEvent } from './training-events.ts';

export type TrainingOfferingStage = 'NotOffered' | 'Offered';

export interface Enrollment {
  readonly personId: string;
  readonly institutionId: string;
  readonly status: 'enrolled' | 'completed' | 'withdrawn';
  readonly attended: readonly string[];
  readonly completedOn?: string;
}

/** Plain JSON: arrays, no Map or Set. */
export interface TrainingOfferingState {
  readonly stage: TrainingOfferingStage;
  readonly offeringId?: string;
  readonly courseId?: TrainingCourseId;
  readonly fiscalYear?: number;
  readonly sessions: readonly OfferedSession[];
  readonly enrollments: readonly Enrollment[];
}

export const initialTrainingOfferingState: TrainingOfferingState = {
  stage: 'NotOffered',
  sessions: [],
  enrollments: [],
};

export function enrollmentOf(state: TrainingOfferingState, personId: string): Enrollment | undefined {
  return state.enrollments.find((e) => e.personId === personId);
}

function withEnrollment(state: TrainingOfferingState, enrollment: Enrollment): TrainingOfferingState {
  const others = state.enrollments.filter((e) => e.personId !== enrollment.personId);
  return { ...state, enrollments: [...others, enrollment] };
}

function updateEnrollment(
  state: TrainingOfferingState,
  personId: string,
  change: (enrollment: Enrollment) => Enrollment,
): TrainingOfferingState {
  const current = enrollmentOf(state, personId);
  return current ? withEnrollment(state, change(current)) : state;
}

export function evolveTrainingOffering(
  state: TrainingOfferingState,
  event: TrainingEvent,
): TrainingOfferingState {
  switch (event.type) {
    case 'TrainingOffered':
      return {
        ...state,
        stage: 'Offered',
        offeringId: event.data.offeringId,
        courseId: event.data.courseId,
        fiscalYear: event.data.fiscalYear,
        sessions: event.data.sessions,
      };
    case 'ParticipantEnrolled': {
      const previous = enrollmentOf(state, event.data.personId);
      return withEnrollment(state, {
        personId: event.data.personId,
        institutionId: event.data.institutionId,
        status: 'enrolled',
        attended: previous?.attended ?? [],
      });
    }
    case 'AttendanceRecorded':
      return updateEnrollment(state, event.data.personId, (e) => ({
        ...e,
        attended: [...e.attended, event.data.sessionId],
      }));
    case 'TrainingCompleted':
      return updateEnrollment(state, event.data.personId, (e) => ({
        ...e,
        status: 'completed',
        completedOn: event.data.completedOn,
      }));
    case 'EnrollmentWithdrawn':
      return updateEnrollment(state, event.data.personId, (e) => ({ ...e, status: 'withdrawn' }));
  }
}

/** The required sessions a participant has not attended. */
export function missingSessions(state: TrainingOfferingState, enrollment: Enrollment): OfferedSession[] {
  return state.sessions.filter((s) => s.required && !enrollment.attended.includes(s.sessionId));
}
