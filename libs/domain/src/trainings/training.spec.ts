import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../shared/actor.ts';
import { foldEvents } from '../shared/decider.ts';
import { deciderSpec } from '../shared/given-when-then.ts';
import { IllegalTransitionError } from '../shared/illegal-transition-error.ts';
import type { TrainingCommand, TrainingCommandOf, TrainingCommandType } from './training-commands.ts';
import { TRAINING_COURSES } from './training-courses.ts';
import { trainingCompletionFacts, trainingObligationsOf } from './training-completion-facts.ts';
import { TRAINING_ALLOWED_COMMANDS, trainingOfferingDecider } from './training-decider.ts';
import type { TrainingEvent } from './training-events.ts';
import { trainingStreamId } from './training-stream.ts';
import { completedTraining } from './__fixtures__/completed-training.ts';

const given = deciderSpec(trainingOfferingDecider);
const caseworker: Actor = { id: 'cw-1', role: 'caseworker' };
const jst = (date: string) => new Date(`${date}T10:00:00+09:00`);
const recorded = (date: string, reason?: string) => ({
  actorId: 'cw-1',
  actorRole: 'caseworker' as const,
  at: jst(date).toISOString(),
  ...(reason ? { reason } : {}),
});

function command<T extends TrainingCommandType>(
  type: T,
  data: TrainingCommandOf<T>['data'],
  at: string,
  reason?: string,
  actor: Actor = caseworker,
): TrainingCommand {
  return { type, data, at: jst(at), actor, ...(reason ? { reason } : {}) } as TrainingCommand;
}

const run = (history: readonly TrainingEvent[], cmd: TrainingCommand): TrainingEvent[] => [
  ...history,
  ...trainingOfferingDecider.decide(cmd, foldEvents(trainingOfferingDecider, history)),
];

const SUPPORT_STAFF_DATES = [
  ['lecture-1', '2016-06-01'],
  ['lecture-2', '2016-06-15'],
  ['lecture-3', '2016-07-01'],
  ['lecture-4', '2016-07-15'],
  ['lecture-5', '2016-08-01'],
  ['station-visit', '2016-09-01'],
  ['action-plan', '2016-10-01'],
] as const;
const offerSupportStaff = command(
  'OfferTraining',
  {
    offeringId: 'supportStaff-2016',
    courseId: 'supportStaff',
    fiscalYear: 2016,
    sessions: SUPPORT_STAFF_DATES.map(([sessionId, date]) => ({ sessionId, date })),
  },
  '2016-04-01',
);
const offered = run([], offerSupportStaff);
const enrolled = run(
  offered,
  command('EnrollParticipant', { personId: 'p-1', institutionId: 'hosp-1' }, '2016-05-01'),
);
const attendAll = (history: TrainingEvent[], skip: readonly string[] = []) =>
  SUPPORT_STAFF_DATES.filter(([id]) => !skip.includes(id)).reduce(
    (h, [sessionId, date]) => run(h, command('RecordAttendance', { personId: 'p-1', sessionId }, date)),
    history,
  );

describe('training courses', () => {
  it('在宅療養支援員養成研修 has 7 required sessions: 5 lectures, the station visit and the action plan', () => {
    const sessions = TRAINING_COURSES.supportStaff.sessions;
    expect(sessions.map((s) => s.sessionId)).toEqual(SUPPORT_STAFF_DATES.map(([id]) => id));
    expect(sessions.every((s) => s.required)).toBe(true);
    expect(sessions.map((s) => s.kind)).toEqual([
      'lecture',
      'lecture',
      'lecture',
      'lecture',
      'lecture',
      'practicum',
      'actionPlan',
    ]);
    expect(sessions[5]?.name.ja).toContain('訪問看護ステーション見学実習');
    expect(sessions[6]?.name.ja).toContain('アクションプラン作成');
  });

  it('the other courses have one session', () => {
    for (const course of Object.values(TRAINING_COURSES).filter((c) => c.courseId !== 'supportStaff')) {
      expect(course.sessions).toHaveLength(1);
    }
  });
});

describe('a training offering, one transition at a time', () => {
  it('OfferTraining → TrainingOffered with every session dated', () => {
    expect(trainingStreamId('supportStaff-2016')).toBe('training-supportStaff-2016');
    const [event] = given([]).when(offerSupportStaff).events();
    expect(event).toMatchObject({
      type: 'TrainingOffered',
      data: {
        offeringId: 'supportStaff-2016',
        courseId: 'supportStaff',
        fiscalYear: 2016,
        recorded: recorded('2016-04-01'),
      },
    });
    expect(event?.type === 'TrainingOffered' && event.data.sessions.map((s) => s.date)).toEqual(
      SUPPORT_STAFF_DATES.map(([, date]) => date),
    );
  });

  it('EnrollParticipant → ParticipantEnrolled with a pseudonymous person and the employer', () => {
    given(offered)
      .when(command('EnrollParticipant', { personId: 'p-1', institutionId: 'hosp-1' }, '2016-05-01'))
      .then([
        {
          type: 'ParticipantEnrolled',
          data: {
            offeringId: 'supportStaff-2016',
            courseId: 'supportStaff',
            fiscalYear: 2016,
            recorded: recorded('2016-05-01'),
            personId: 'p-1',
            institutionId: 'hosp-1',
            enrolledOn: '2016-05-01',
          },
        },
      ]);
  });

  it('RecordAttendance → AttendanceRecorded per session; a repeat records nothing', () => {
    const [event] = given(enrolled)
      .when(command('RecordAttendance', { personId: 'p-1', sessionId: 'lecture-1' }, '2016-06-01'))
      .events();
    expect(event).toMatchObject({
      type: 'AttendanceRecorded',
      data: { personId: 'p-1', institutionId: 'hosp-1', sessionId: 'lecture-1', sessionDate: '2016-06-01' },
    });
    given([...enrolled, event!])
      .when(command('RecordAttendance', { personId: 'p-1', sessionId: 'lecture-1' }, '2016-06-02'))
      .then([]);
  });

  it('CompleteTraining → TrainingCompleted once all 7 sessions are attended', () => {
    const [event] = given(attendAll(enrolled))
      .when(command('CompleteTraining', { personId: 'p-1' }, '2016-10-02'))
      .events();
    expect(event).toMatchObject({
      type: 'TrainingCompleted',
      data: { personId: 'p-1', institutionId: 'hosp-1', completedOn: '2016-10-02', fiscalYear: 2016 },
    });
    expect(event?.type === 'TrainingCompleted' && event.data.sessionsAttended).toHaveLength(7);
  });

  it('CompleteTraining with a session missing → TRAINING_INCOMPLETE naming the missing sessions', () => {
    const error = given(attendAll(enrolled, ['station-visit', 'action-plan']))
      .when(command('CompleteTraining', { personId: 'p-1' }, '2016-10-02'))
      .thenThrows('TRAINING_INCOMPLETE');
    expect(error.details.reason).toContain('station-visit (第6回 訪問看護ステーション見学実習)');
    expect(error.details.reason).toContain('action-plan (第7回 アクションプラン作成)');
    expect(error.details.expected).toBe('attendance at station-visit, action-plan');
  });

  it('WithdrawEnrollment → EnrollmentWithdrawn with a reason; re-enrolment keeps the attendance', () => {
    const withdrawn = run(
      attendAll(enrolled, ['action-plan']),
      command('WithdrawEnrollment', { personId: 'p-1' }, '2016-09-05', '異動'),
    );
    expect(withdrawn.at(-1)).toMatchObject({
      type: 'EnrollmentWithdrawn',
      data: { reason: '異動', personId: 'p-1' },
    });
    given(withdrawn)
      .when(command('RecordAttendance', { personId: 'p-1', sessionId: 'action-plan' }, '2016-10-01'))
      .thenThrows('ENROLLMENT_NOT_ACTIVE');
    const back = run(
      withdrawn,
      command('EnrollParticipant', { personId: 'p-1', institutionId: 'hosp-1' }, '2016-09-20'),
    );
    const done = run(
      run(back, command('RecordAttendance', { personId: 'p-1', sessionId: 'action-plan' }, '2016-10-01')),
      command('CompleteTraining', { personId: 'p-1' }, '2016-10-01'),
    );
    expect(done.at(-1)?.type).toBe('TrainingCompleted');
  });
});

describe('a training offering refuses', () => {
  it.each([
    ['NotOffered', [] as TrainingEvent[]],
    ['Offered', offered],
  ] as const)('in %s, every command the table does not allow, naming the allowed ones', (stage, history) => {
    const all: TrainingCommand[] = [
      offerSupportStaff,
      command('EnrollParticipant', { personId: 'p-9', institutionId: 'h' }, '2016-05-01'),
      command('RecordAttendance', { personId: 'p-9', sessionId: 'lecture-1' }, '2016-06-01'),
      command('CompleteTraining', { personId: 'p-9' }, '2016-10-01'),
      command('WithdrawEnrollment', { personId: 'p-9' }, '2016-10-01', 'r'),
    ];
    for (const cmd of all) {
      const allowed = TRAINING_ALLOWED_COMMANDS[stage].includes(cmd.type);
      let error: unknown;
      try {
        trainingOfferingDecider.decide(cmd, foldEvents(trainingOfferingDecider, history));
      } catch (caught) {
        error = caught;
      }
      if (allowed) {
        expect(error).not.toBeInstanceOf(IllegalTransitionError);
      } else {
        expect(error).toBeInstanceOf(IllegalTransitionError);
        expect(error).toMatchObject({ stage, allowedCommands: TRAINING_ALLOWED_COMMANDS[stage] });
      }
    }
  });

  it('a role other than the office → ROLE_NOT_ALLOWED', () => {
    given(offered)
      .when(
        command('EnrollParticipant', { personId: 'p', institutionId: 'h' }, '2016-05-01', undefined, {
          id: 'h',
          role: 'institution',
        }),
      )
      .thenThrows('ROLE_NOT_ALLOWED');
  });

  it('an offering with a session missing, unknown, or outside the fiscal year', () => {
    const withSessions = (sessions: { sessionId: string; date: string }[]) =>
      command(
        'OfferTraining',
        { offeringId: 'o', courseId: 'supportStaff', fiscalYear: 2016, sessions },
        '2016-04-01',
      );
    const dates = SUPPORT_STAFF_DATES.map(([sessionId, date]) => ({ sessionId, date }));
    given([])
      .when(withSessions(dates.slice(1)))
      .thenThrows('INVALID_COMMAND_DATA');
    given([])
      .when(withSessions([...dates, { sessionId: 'lecture-8', date: '2016-11-01' }]))
      .thenThrows('UNKNOWN_TRAINING_SESSION');
    given([])
      .when(withSessions([{ sessionId: 'lecture-1', date: '2017-04-01' }, ...dates.slice(1)]))
      .thenThrows('INVALID_COMMAND_DATA');
    given([])
      .when(
        command(
          'OfferTraining',
          { offeringId: 'o', courseId: 'cooking', fiscalYear: 2016, sessions: [] },
          '2016-04-01',
        ),
      )
      .thenThrows('INVALID_COMMAND_DATA');
  });

  it('a double enrolment, a stranger, an unknown or future session', () => {
    given(enrolled)
      .when(command('EnrollParticipant', { personId: 'p-1', institutionId: 'hosp-1' }, '2016-05-02'))
      .thenThrows('ALREADY_ENROLLED');
    given(enrolled)
      .when(command('CompleteTraining', { personId: 'p-2' }, '2016-10-02'))
      .thenThrows('NOT_ENROLLED');
    given(enrolled)
      .when(command('RecordAttendance', { personId: 'p-1', sessionId: 'lecture-9' }, '2016-10-02'))
      .thenThrows('UNKNOWN_TRAINING_SESSION');
    given(enrolled)
      .when(command('RecordAttendance', { personId: 'p-1', sessionId: 'action-plan' }, '2016-09-30'))
      .thenThrows('SESSION_NOT_HELD_YET');
  });

  it('a completion twice, or a withdrawal without a reason', () => {
    const done = run(attendAll(enrolled), command('CompleteTraining', { personId: 'p-1' }, '2016-10-02'));
    given(done)
      .when(command('CompleteTraining', { personId: 'p-1' }, '2016-10-03'))
      .thenThrows('ENROLLMENT_NOT_ACTIVE');
    given(done)
      .when(command('WithdrawEnrollment', { personId: 'p-1' }, '2016-10-03', 'r'))
      .thenThrows('ENROLLMENT_NOT_ACTIVE');
    given(enrolled)
      .when(command('WithdrawEnrollment', { personId: 'p-1' }, '2016-10-03'))
      .thenThrows('REASON_REQUIRED');
  });
});

describe('completions as eligibility facts', () => {
  const single = (courseId: 'common' | 'dischargeSupportBasic', personId: string, institutionId: string) =>
    completedTraining(courseId, '2015-09-01', 2015, personId, institutionId);

  it('turns TrainingCompleted events into TrainingCompletionFacts and the ③ → ② obligation', () => {
    const events = [
      ...single('common', 'nurse-7', 'hosp-1'),
      ...single('dischargeSupportBasic', 'nurse-7', 'hosp-1'),
      ...single('common', 'nurse-8', 'hosp-2'),
    ];
    expect(trainingCompletionFacts(events, 'hosp-1')).toEqual([
      { personId: 'nurse-7', course: 'common', fiscalYear: 2015 },
      { personId: 'nurse-7', course: 'dischargeSupportBasic', fiscalYear: 2015 },
    ]);
    expect(trainingCompletionFacts(events)).toHaveLength(3);
    expect(trainingObligationsOf(events, 'hosp-1', 2016)).toEqual([
      expect.objectContaining({
        personId: 'nurse-7',
        course: 'dischargeSupportAdvanced',
        dueFiscalYear: 2016,
        status: 'open',
      }),
    ]);
    expect(trainingObligationsOf(events, 'hosp-1', 2017)[0]?.status).toBe('overdue');
  });
});
