import { beforeEach, describe, expect, it } from '@jest/globals';
import { addDays, formatCalendarDate, parseCalendarDate, type DueDateReminder } from '#domain';
import type { PostgresEventStore } from '#event-store';
import { runIdOf } from '../scheduled-job.ts';
import { eventStorePerTest, grantTransitionSupport } from './__fixtures__/job-fixtures.ts';
import { dueDateRemindersJob } from './due-date-reminders-job.ts';

describe('the due-date reminders job (real PostgreSQL)', () => {
  const storeOf = eventStorePerTest().store;
  let store: PostgresEventStore;
  beforeEach(() => {
    store = storeOf();
  });
  const runOn = (date: string) => {
    const at = new Date(`${date}T08:00:00+09:00`);
    return dueDateRemindersJob({ store }).run({
      scheduledFor: at,
      runId: runIdOf('due-date-reminders', at),
      attempt: 1,
    });
  };

  it('reminds a granted recipient of its performance report a week before, on the day and the day after — once each, whatever runs twice', async () => {
    const recipient = { kind: 'hospital' as const, id: 'hosp-r', municipalityCode: '131016' };
    const applicationId = await grantTransitionSupport(store, recipient);
    const [decided] = (await store.readStream(`application-${applicationId}`)).filter(
      (e) => e.type === 'GrantDecided',
    );
    const due = parseCalendarDate(
      (decided!.data as { performanceReportDueDate: string }).performanceReportDueDate,
    );
    const day = (offset: number) => formatCalendarDate(addDays(due, offset));
    for (let offset = -8; offset <= 2; offset += 1) {
      await Promise.all([runOn(day(offset)), runOn(day(offset))]); // two workers
      await runOn(day(offset)); // and a redelivery
    }
    const sent: { day: string; reminders: DueDateReminder[] }[] = [];
    for (let offset = -8; offset <= 2; offset += 1) {
      const events = await store.readStream(`dueDateReminders-${day(offset)}`);
      expect(events.length).toBeLessThanOrEqual(1);
      for (const e of events)
        sent.push({ day: day(offset), reminders: (e.data as { reminders: DueDateReminder[] }).reminders });
    }
    expect(
      sent.map(({ day: d, reminders }) => [
        d,
        reminders.map((r) => `${r.applicationId} ${r.action} ${r.kind}`),
      ]),
    ).toEqual([
      [day(-7), [`${applicationId} ReportPerformance upcoming`]],
      [day(0), [`${applicationId} ReportPerformance dueToday`]],
      [day(1), [`${applicationId} ReportPerformance overdue`]],
    ]);
    expect(sent[0]!.reminders[0]!.recipient).toEqual(recipient);
  });
});
