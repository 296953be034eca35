import type { TrainingCourseId } from '../../rules/eligibility/eligibility-facts.ts';
import type { Actor } from '../../shared/actor.ts';
import { foldEvents } from '../../shared/decider.ts';
import type { TrainingCommand } from '../training-commands.ts';
import { trainingOfferingDecider } from '../training-decider.ts';
import type { TrainingEvent } from '../training-events.ts';

const office: Actor = { id: 'cw-1', role: 'caseworker' };
const at = (date: string) => new Date(`${date}T10:00:00+09:00`);

/**
 * The events of a one-session course offered, attended and completed by one person, through the decider:
 * offering `<course>-<fy>-<personId>`, session and completion on `date`.
 */
export function completedTraining(
  courseId: Exclude<TrainingCourseId, 'supportStaff'>,
  date: string,
  fy: number,
  personId: string,
  institutionId: string,
): TrainingEvent[] {
  const offeringId = `${courseId}-${fy}-${personId}`;
  const commands: TrainingCommand[] = [
    {
      type: 'OfferTraining',
      data: { offeringId, courseId, fiscalYear: fy, sessions: [{ sessionId: 'course', date }] },
      actor: office,
      at: at(date),
    },
    { type: 'EnrollParticipant', data: { personId, institutionId }, actor: office, at: at(date) },
    { type: 'RecordAttendance', data: { personId, sessionId: 'course' }, actor: office, at: at(date) },
    { type: 'CompleteTraining', data: { personId }, actor: office, at: at(date) },
  ];
  return commands.reduce<TrainingEvent[]>(
    (history, cmd) => [
      ...history,
      ...trainingOfferingDecider.decide(cmd, foldEvents(trainingOfferingDecider, history)),
    ],
    [],
  );
}
