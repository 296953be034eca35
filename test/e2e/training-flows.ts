import { caseworker, type CaseClient, type CommandAnswer } from './cases-app.ts';

export interface Participant {
  /** Pseudonymous person id: never a name. */
  readonly personId: string;
  /** The institution employing the person at the time. */
  readonly institutionId: string;
}

/** A course of one session ("course"), offered by Tokyo's office for a fiscal year. */
export interface SingleSessionOffering {
  readonly offeringId: string;
  readonly courseId: 'common' | 'dischargeSupportAdvanced' | 'dischargeSupportBasic' | 'regionalLeader';
  readonly fiscalYear: number;
  /** The session's date, YYYY-MM-DD in the fiscal year. */
  readonly date: string;
}

/** Offers a one-session course and takes every participant through enrolment, attendance and completion. */
export async function completeSingleSessionCourse(
  client: CaseClient,
  offering: SingleSessionOffering,
  participants: readonly Participant[],
): Promise<CommandAnswer> {
  const { offeringId, courseId, fiscalYear, date } = offering;
  const path = `/trainings/${offeringId}`;
  let last = await client.step(
    '/trainings',
    caseworker,
    { offeringId, courseId, fiscalYear, sessions: [{ sessionId: 'course', date }] },
    date,
    'Offered',
  );
  for (const { personId, institutionId } of participants) {
    await client.step(`${path}/enrolments`, caseworker, { personId, institutionId }, date, 'Offered');
    await client.step(`${path}/attendance`, caseworker, { personId, sessionId: 'course' }, date, 'Offered');
    last = await client.step(`${path}/completions`, caseworker, { personId }, date, 'Offered');
  }
  return last;
}
