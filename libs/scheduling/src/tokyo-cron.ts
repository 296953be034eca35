import { CronExpressionParser } from 'cron-parser';
import { SCHEDULE_TIME_ZONE } from './scheduled-job.ts';

/** The first occurrence of the cron strictly after `after`, on the Tokyo calendar. */
export function nextOccurrence(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: SCHEDULE_TIME_ZONE }).next().toDate();
}

/** Every occurrence in (from, to]: what a virtual clock moving from `from` to `to` must run, in order. */
export function occurrencesBetween(cron: string, from: Date, to: Date): Date[] {
  const out: Date[] = [];
  for (let at = nextOccurrence(cron, from); at.getTime() <= to.getTime(); at = nextOccurrence(cron, at))
    out.push(at);
  return out;
}

/** Throws a message naming the job and the pattern when the cron cannot be parsed. */
export function assertValidCron(jobName: string, cron: string): void {
  try {
    CronExpressionParser.parse(cron, { tz: SCHEDULE_TIME_ZONE });
  } catch (error) {
    throw new Error(
      `job ${jobName}: cron ${JSON.stringify(cron)} is not valid (${(error as Error).message})`,
      { cause: error },
    );
  }
}
