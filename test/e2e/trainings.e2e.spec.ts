import { describe, expect, it } from '@jest/globals';
import { loadTrainingOffering } from '#workflow';
import { auditor, caseworker, institution, uniqueId, type CommandAnswer } from './cases-app.ts';
import { useCasesApp } from './cases-harness.ts';
import { completeSingleSessionCourse, type Participant } from './training-flows.ts';

/** The seven sessions of 在宅療養支援員養成研修, in order. */
const SUPPORT_STAFF_SESSIONS = [
  'lecture-1',
  'lecture-2',
  'lecture-3',
  'lecture-4',
  'lecture-5',
  'station-visit',
  'action-plan',
];

/**
 * 研修 over HTTP on the real app and PostgreSQL: offerings per fiscal year, enrolment, attendance per
 * session, completion only with every required session, pseudonymous participants, and the ③ → ②
 * duty of a completer's institution at GET /trainings/obligations.
 */
describe('trainings over HTTP', () => {
  // A fiscal year of its own (the DTOs accept years up to 9999; the obligations look one year ahead).
  const fy = 2201 + Math.floor(Math.random() * 98); // years 2201–2298: this spec's own band
  const cases = useCasesApp();

  const streamOf = (offeringId: string) => cases.store.readStream(`training-${offeringId}`);
  const participant = (): Participant => ({
    personId: uniqueId(`person-${Math.random().toString(36).slice(2, 8)}`),
    institutionId: uniqueId(`hosp-${Math.random().toString(36).slice(2, 8)}`),
  });
  /** Session n (0-based) of the support-staff course: one a month from June. */
  const sessionDate = (n: number) => `${fy}-${String(6 + n).padStart(2, '0')}-10`;

  let offerings = 0;
  async function offerSupportStaffCourse(): Promise<string> {
    offerings += 1;
    const offeringId = uniqueId(`support-staff-${fy}-${offerings}`);
    const sessions = SUPPORT_STAFF_SESSIONS.map((sessionId, n) => ({ sessionId, date: sessionDate(n) }));
    const offered = await cases.client.step(
      '/trainings',
      caseworker,
      { offeringId, courseId: 'supportStaff', fiscalYear: fy, sessions },
      `${fy}-05-01`,
      'Offered',
    );
    expect(offered.events).toEqual(['TrainingOffered']);
    return offeringId;
  }

  /** A POST that must be refused with `status` and leave the offering's stream as it was. */
  async function refused(
    offeringId: string,
    path: string,
    body: object,
    day: string,
    status: number,
    who = caseworker,
  ): Promise<Record<string, unknown>> {
    const before = await streamOf(offeringId);
    const response = await cases.client.post(path, who, body, day);
    expect(response.status).toBe(status);
    expect(await streamOf(offeringId)).toEqual(before);
    return response.body;
  }

  it('在宅療養支援員養成研修 (7 sessions) completes only once every required session is attended', async () => {
    const offeringId = await offerSupportStaffCourse();
    const path = `/trainings/${offeringId}`;
    const person = participant();
    await cases.client.step(`${path}/enrolments`, caseworker, person, `${fy}-05-20`, 'Offered');

    let last: CommandAnswer | undefined;
    for (const [n, sessionId] of SUPPORT_STAFF_SESSIONS.entries()) {
      const attendance = { personId: person.personId, sessionId };
      if (n === 0) {
        const early = await refused(offeringId, `${path}/attendance`, attendance, `${fy}-06-09`, 422);
        expect(early).toMatchObject({ error: 'SESSION_NOT_HELD_YET', field: 'sessionId', value: sessionId });
      }
      last = await cases.client.step(`${path}/attendance`, caseworker, attendance, sessionDate(n), 'Offered');
      expect(last.events).toEqual(['AttendanceRecorded']);
      if (n < SUPPORT_STAFF_SESSIONS.length - 1) {
        const missing = SUPPORT_STAFF_SESSIONS.slice(n + 1);
        const incomplete = await refused(
          offeringId,
          `${path}/completions`,
          { personId: person.personId },
          sessionDate(n),
          422,
        );
        expect(incomplete).toMatchObject({
          error: 'TRAINING_INCOMPLETE',
          field: 'personId',
          value: person.personId,
          reason: expect.stringContaining(missing[0]!),
          expected: `attendance at ${missing.join(', ')}`,
        });
      }
    }
    // A repeated attendance records nothing.
    const repeat = await cases.client.step(
      `${path}/attendance`,
      caseworker,
      { personId: person.personId, sessionId: 'lecture-1' },
      sessionDate(6),
      'Offered',
    );
    expect(repeat.events).toEqual([]);

    const completed = await cases.client.step(
      `${path}/completions`,
      caseworker,
      { personId: person.personId },
      sessionDate(6),
      'Offered',
    );
    expect(completed.events).toEqual(['TrainingCompleted']);
    expect(BigInt(completed.position)).toBeGreaterThan(BigInt(last!.position));

    const offering = await cases.client.get(path, caseworker);
    expect(offering.status).toBe(200);
    expect(offering.body.state.enrollments).toEqual([
      expect.objectContaining({
        ...person,
        status: 'completed',
        completedOn: sessionDate(6),
        attended: SUPPORT_STAFF_SESSIONS,
      }),
    ]);
    const again = await refused(
      offeringId,
      `${path}/completions`,
      { personId: person.personId },
      sessionDate(6),
      409,
    );
    expect(again).toMatchObject({ error: 'ENROLLMENT_NOT_ACTIVE', field: 'personId' });
  });

  it('a completion names a pseudonymous person id and the employing institution: no names in the event log', async () => {
    const offeringId = await offerSupportStaffCourse();
    const path = `/trainings/${offeringId}`;
    const person = participant();
    const named = await refused(
      offeringId,
      `${path}/enrolments`,
      { ...person, name: '山田 花子' },
      `${fy}-05-20`,
      400,
    );
    expect(named.errors).toEqual([{ field: 'name', value: '山田 花子', reason: expect.any(String) }]);
    await cases.client.step(`${path}/enrolments`, caseworker, person, `${fy}-05-20`, 'Offered');
    for (const [n, sessionId] of SUPPORT_STAFF_SESSIONS.entries()) {
      await cases.client.step(
        `${path}/attendance`,
        caseworker,
        { personId: person.personId, sessionId },
        sessionDate(n),
        'Offered',
      );
    }
    await cases.client.step(
      `${path}/completions`,
      caseworker,
      { personId: person.personId },
      sessionDate(6),
      'Offered',
    );

    const events = await streamOf(offeringId);
    expect(events.map((e) => e.type)).toEqual([
      'TrainingOffered',
      'ParticipantEnrolled',
      ...SUPPORT_STAFF_SESSIONS.map(() => 'AttendanceRecorded'),
      'TrainingCompleted',
    ]);
    const completion = events.at(-1)!;
    expect(completion.data).toMatchObject({
      offeringId,
      courseId: 'supportStaff',
      fiscalYear: fy,
      personId: person.personId,
      institutionId: person.institutionId,
      completedOn: sessionDate(6),
    });
    expect(completion.metadata).toMatchObject({ actorId: caseworker.sub, actorRole: 'caseworker' });
    for (const event of events.filter((e) => e.type !== 'TrainingOffered')) {
      expect(JSON.stringify(event.data)).not.toMatch(/"(name|personName|fullName|kana)"/);
      expect(JSON.stringify(event.data)).not.toContain('山田');
    }
  });

  it('an offering needs one date in its fiscal year for every session of the course', async () => {
    const offeringId = uniqueId(`support-staff-bad-${fy}`);
    const sessions = SUPPORT_STAFF_SESSIONS.slice(0, 6).map((sessionId, n) => ({
      sessionId,
      date: sessionDate(n),
    }));
    const body = { offeringId, courseId: 'supportStaff', fiscalYear: fy, sessions };
    expect(await refused(offeringId, '/trainings', body, `${fy}-05-01`, 422)).toMatchObject({
      error: 'INVALID_COMMAND_DATA',
      field: 'sessions',
      value: 'action-plan',
    });
    const outside = {
      ...body,
      sessions: [...sessions, { sessionId: 'action-plan', date: `${fy + 1}-04-01` }],
    };
    expect(await refused(offeringId, '/trainings', outside, `${fy}-05-01`, 422)).toMatchObject({
      error: 'INVALID_COMMAND_DATA',
      field: 'sessions.action-plan',
      value: `${fy + 1}-04-01`,
    });
    const badCourse = await refused(
      offeringId,
      '/trainings',
      { ...body, courseId: 'cooking' },
      `${fy}-05-01`,
      400,
    );
    expect(badCourse.errors).toEqual([{ field: 'courseId', value: 'cooking', reason: expect.any(String) }]);
    expect(await streamOf(offeringId)).toEqual([]);
  });

  it('only enrolled persons attend or complete; the office records trainings, others may not', async () => {
    const offeringId = await offerSupportStaffCourse();
    const path = `/trainings/${offeringId}`;
    const stranger = participant();
    const attend = { personId: stranger.personId, sessionId: 'lecture-1' };
    expect(await refused(offeringId, `${path}/attendance`, attend, sessionDate(0), 422)).toMatchObject({
      error: 'NOT_ENROLLED',
      field: 'personId',
    });
    const asInstitution = institution(stranger.institutionId);
    expect(
      await refused(offeringId, `${path}/enrolments`, stranger, `${fy}-05-20`, 403, asInstitution),
    ).toMatchObject({ error: 'ROLE_NOT_ALLOWED' });
    expect(
      await refused(offeringId, `${path}/enrolments`, stranger, `${fy}-05-20`, 403, auditor),
    ).toMatchObject({
      error: 'READ_ONLY_ROLE',
    });
    expect((await cases.client.get(path, auditor)).status).toBe(200);
    expect((await cases.client.get(`/trainings/${uniqueId('no-such-offering')}`, caseworker)).status).toBe(
      404,
    );
  });

  it("a command's answer is the offering as that command left it: folded up to the answer's revision, not to a later writer's", async () => {
    const offeringId = await offerSupportStaffCourse();
    const [nurse, colleague] = [participant(), participant()];
    const path = `/trainings/${offeringId}/enrolments`;
    const first = await cases.client.step(path, caseworker, nurse, `${fy}-05-02`, 'Offered');
    const second = await cases.client.step(path, caseworker, colleague, `${fy}-05-02`, 'Offered');
    expect([first.revision, second.revision]).toEqual([1, 2]);

    // What the controller folds for the first answer, after the second enrolment was written.
    const asLeft = await loadTrainingOffering(cases.store, offeringId, first.revision);
    expect(asLeft).toMatchObject({
      revision: 1,
      position: first.position,
      allowedCommands: first.allowedCommands,
    });
    expect(asLeft!.state.stage).toBe(first.stage);
    expect(asLeft!.state.enrollments.map((e) => e.personId)).toEqual([nurse.personId]);
    const latest = await loadTrainingOffering(cases.store, offeringId);
    expect(latest).toMatchObject({ revision: 2, position: second.position });
    expect(latest!.state.enrollments.map((e) => e.personId)).toEqual([nurse.personId, colleague.personId]);
    expect((await loadTrainingOffering(cases.store, offeringId, 0))!.state).toMatchObject({
      stage: 'Offered',
      enrollments: [],
    });
    expect(await loadTrainingOffering(cases.store, uniqueId('no-such-offering'), 0)).toBeUndefined();
  });

  it('a ③ completer without ② is an obligation of the institution the next fiscal year, met by ②', async () => {
    const nurse = participant();
    const colleague = { ...participant(), institutionId: nurse.institutionId };
    await completeSingleSessionCourse(
      cases.client,
      {
        offeringId: uniqueId(`basic-${fy}`),
        courseId: 'dischargeSupportBasic',
        fiscalYear: fy,
        date: `${fy}-09-10`,
      },
      [nurse, colleague],
    );
    const obligationsAsOf = async (year: number, who = caseworker) => {
      const response = await cases.client.get(
        `/trainings/obligations?institutionId=${nurse.institutionId}&fiscalYear=${year}`,
        who,
      );
      expect(response.status).toBe(200);
      return response.body;
    };
    const owed = (personId: string, status: 'open' | 'overdue') =>
      expect.objectContaining({
        personId,
        course: 'dischargeSupportAdvanced',
        dueFiscalYear: fy + 1,
        status,
      });

    const nextYear = await obligationsAsOf(fy + 1);
    expect(nextYear).toMatchObject({ institutionId: nurse.institutionId, fiscalYear: fy + 1 });
    expect(nextYear.completions).toEqual(
      expect.arrayContaining([
        { personId: nurse.personId, course: 'dischargeSupportBasic', fiscalYear: fy },
        { personId: colleague.personId, course: 'dischargeSupportBasic', fiscalYear: fy },
      ]),
    );
    expect(nextYear.obligations).toEqual(
      expect.arrayContaining([owed(nurse.personId, 'open'), owed(colleague.personId, 'open')]),
    );
    expect(nextYear.obligations).toHaveLength(2);
    // The institution sees its own duties; another institution gets the same 404 as for nothing.
    expect((await obligationsAsOf(fy + 1, institution(nurse.institutionId))).obligations).toHaveLength(2);
    const foreign = await cases.client.get(
      `/trainings/obligations?institutionId=${nurse.institutionId}&fiscalYear=${fy + 1}`,
      institution(uniqueId('other-hosp')),
    );
    expect(foreign.status).toBe(404);

    // The nurse takes ② in the following year; the colleague does not and is overdue after it.
    await completeSingleSessionCourse(
      cases.client,
      {
        offeringId: uniqueId(`advanced-${fy + 1}`),
        courseId: 'dischargeSupportAdvanced',
        fiscalYear: fy + 1,
        date: `${fy + 1}-10-10`,
      },
      [nurse],
    );
    expect((await obligationsAsOf(fy + 1)).obligations).toEqual([owed(colleague.personId, 'open')]);
    expect((await obligationsAsOf(fy + 2)).obligations).toEqual([owed(colleague.personId, 'overdue')]);
  });
});
