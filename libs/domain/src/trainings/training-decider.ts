import { parseCalendarDate } from '../shared/calendar-date.ts';
import type { Role } from '../shared/actor.ts';
import { refuse, requireId, requireReason, requireRole } from '../shared/command-guards.ts';
import type { Decider } from '../shared/decider.ts';
import { commandDate, recordOf } from '../shared/event-record.ts';
import { fiscalYear, fiscalYearOfDate } from '../shared/fiscal-year.ts';
import { assertCommandAllowed } from '../shared/illegal-transition-error.ts';
import { trainingCourse } from './training-courses.ts';
import type { TrainingCommand, TrainingCommandOf, TrainingCommandType } from './training-commands.ts';
import type { OfferedSession, TrainingEvent, TrainingEventBase } from './training-events.ts';
import {
  type Enrollment,
  type TrainingOfferingStage,
  type TrainingOfferingState,
  enrollmentOf,
  evolveTrainingOffering,
  initialTrainingOfferingState,
  missingSessions,
} from './training-state.ts';

/** Which commands each stage of an offering accepts; anything else is an IllegalTransitionError (409). */
export const TRAINING_ALLOWED_COMMANDS: Readonly<
  Record<TrainingOfferingStage, readonly TrainingCommandType[]>
> = {
  NotOffered: ['OfferTraining'],
  Offered: ['EnrollParticipant', 'RecordAttendance', 'CompleteTraining', 'WithdrawEnrollment'],
};

/** Tokyo's office records trainings (DESIGN.md: caseworkers record training completions), or its jobs. */
export const TRAINING_COMMAND_ROLES: readonly Role[] = ['caseworker', 'system'];

type Handler<T extends TrainingCommandType> = (
  command: TrainingCommandOf<T>,
  state: TrainingOfferingState,
) => TrainingEvent[];

const baseOf = (
  state: TrainingOfferingState,
  command: TrainingCommand,
  reason?: string,
): TrainingEventBase => ({
  offeringId: state.offeringId!,
  courseId: state.courseId!,
  fiscalYear: state.fiscalYear!,
  recorded: recordOf(command, reason),
});

function activeEnrollment(state: TrainingOfferingState, personId: string): Enrollment {
  const enrollment = enrollmentOf(state, requireId(personId, 'personId'));
  if (!enrollment) {
    return refuse(
      'NOT_ENROLLED',
      'personId',
      personId,
      'not enrolled in this offering',
      'an enrolled person id',
    );
  }
  if (enrollment.status !== 'enrolled') {
    return refuse(
      'ENROLLMENT_NOT_ACTIVE',
      'personId',
      personId,
      `the enrolment is ${enrollment.status}`,
      'a participant still enrolled',
    );
  }
  return enrollment;
}

/** 研修の開催: every session of the course, each with a date in the offering's fiscal year. */
const offer: Handler<'OfferTraining'> = (command) => {
  const { offeringId, courseId, sessions } = command.data;
  const fy = fiscalYear(command.data.fiscalYear);
  const course = trainingCourse(courseId);
  const dated: OfferedSession[] = course.sessions.map((session) => {
    const given = sessions.filter((s) => s.sessionId === session.sessionId);
    if (given.length !== 1) {
      refuse(
        'INVALID_COMMAND_DATA',
        'sessions',
        session.sessionId,
        given.length === 0 ? 'a session of the course has no date' : 'a session is given twice',
        `one date for each of ${course.sessions.map((s) => s.sessionId).join(', ')}`,
      );
    }
    const date = given[0]!.date;
    if (fiscalYearOfDate(parseCalendarDate(date, `sessions.${session.sessionId}`)) !== fy) {
      refuse(
        'INVALID_COMMAND_DATA',
        `sessions.${session.sessionId}`,
        date,
        `outside FY${fy}`,
        `a date in FY${fy}`,
      );
    }
    return { ...session, date };
  });
  const unknown = sessions.filter((s) => !course.sessions.some((c) => c.sessionId === s.sessionId));
  if (unknown.length > 0) {
    refuse(
      'UNKNOWN_TRAINING_SESSION',
      'sessions',
      unknown.map((s) => s.sessionId),
      `not sessions of ${course.name.ja}`,
      course.sessions.map((s) => s.sessionId).join(', '),
    );
  }
  return [
    {
      type: 'TrainingOffered',
      data: {
        offeringId: requireId(offeringId, 'offeringId'),
        courseId: course.courseId,
        fiscalYear: fy,
        recorded: recordOf(command),
        sessions: dated,
      },
    },
  ];
};

/** 受講申込: a pseudonymous person and their employing institution; again after a withdrawal. */
const enroll: Handler<'EnrollParticipant'> = (command, state) => {
  const personId = requireId(command.data.personId, 'personId');
  const institutionId = requireId(command.data.institutionId, 'institutionId');
  const existing = enrollmentOf(state, personId);
  if (existing && existing.status !== 'withdrawn') {
    refuse(
      'ALREADY_ENROLLED',
      'personId',
      personId,
      `already ${existing.status}`,
      'a person not yet enrolled',
    );
  }
  return [
    {
      type: 'ParticipantEnrolled',
      data: { ...baseOf(state, command), personId, institutionId, enrolledOn: commandDate(command) },
    },
  ];
};

/** 出席: once per session, on or after the session's date; a repeat records nothing. */
const attend: Handler<'RecordAttendance'> = (command, state) => {
  const enrollment = activeEnrollment(state, command.data.personId);
  const session = state.sessions.find((s) => s.sessionId === command.data.sessionId);
  if (!session) {
    return refuse(
      'UNKNOWN_TRAINING_SESSION',
      'sessionId',
      command.data.sessionId,
      'not a session of this offering',
      state.sessions.map((s) => s.sessionId).join(', '),
    );
  }
  const on = commandDate(command);
  if (on < session.date) {
    refuse(
      'SESSION_NOT_HELD_YET',
      'sessionId',
      session.sessionId,
      `held on ${session.date}`,
      `on or after ${session.date}`,
    );
  }
  if (enrollment.attended.includes(session.sessionId)) return [];
  return [
    {
      type: 'AttendanceRecorded',
      data: {
        ...baseOf(state, command),
        personId: enrollment.personId,
        institutionId: enrollment.institutionId,
        sessionId: session.sessionId,
        sessionDate: session.date,
        recordedOn: on,
      },
    },
  ];
};

/** 修了: only with every required session attended; the refusal names the missing ones. */
const complete: Handler<'CompleteTraining'> = (command, state) => {
  const enrollment = activeEnrollment(state, command.data.personId);
  const missing = missingSessions(state, enrollment);
  if (missing.length > 0) {
    refuse(
      'TRAINING_INCOMPLETE',
      'personId',
      enrollment.personId,
      `required sessions not attended: ${missing.map((s) => `${s.sessionId} (${s.name.ja})`).join(', ')}`,
      `attendance at ${missing.map((s) => s.sessionId).join(', ')}`,
    );
  }
  return [
    {
      type: 'TrainingCompleted',
      data: {
        ...baseOf(state, command),
        personId: enrollment.personId,
        institutionId: enrollment.institutionId,
        completedOn: commandDate(command),
        sessionsAttended: enrollment.attended,
      },
    },
  ];
};

/** 受講取消: with a reason; a completion is never withdrawn. */
const withdraw: Handler<'WithdrawEnrollment'> = (command, state) => {
  const reason = requireReason(command);
  const enrollment = activeEnrollment(state, command.data.personId);
  return [
    {
      type: 'EnrollmentWithdrawn',
      data: {
        ...baseOf(state, command, reason),
        personId: enrollment.personId,
        institutionId: enrollment.institutionId,
        withdrawnOn: commandDate(command),
        reason,
      },
    },
  ];
};

const HANDLERS: { readonly [T in TrainingCommandType]: Handler<T> } = {
  OfferTraining: offer,
  EnrollParticipant: enroll,
  RecordAttendance: attend,
  CompleteTraining: complete,
  WithdrawEnrollment: withdraw,
};

export function decideTrainingOffering(
  command: TrainingCommand,
  state: TrainingOfferingState,
): TrainingEvent[] {
  requireRole(command, TRAINING_COMMAND_ROLES);
  assertCommandAllowed(TRAINING_ALLOWED_COMMANDS, state.stage, command.type);
  const handler = HANDLERS[command.type] as Handler<TrainingCommandType>;
  return handler(command as never, state);
}

export const trainingOfferingDecider: Decider<TrainingCommand, TrainingOfferingState, TrainingEvent> = {
  initialState: initialTrainingOfferingState,
  decide: decideTrainingOffering,
  evolve: evolveTrainingOffering,
};
