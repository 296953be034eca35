import { describe, expect, it } from '@jest/globals';
import type { NextApplicationAction } from '../applications/application-next-action.ts';
import { deciderSpec } from '../shared/given-when-then.ts';
import { dueDateReminderDecider, type DueDateReminderCommand, type OpenCase } from './due-date-reminders.ts';

const given = deciderSpec(dueDateReminderDecider);
const openCase = (applicationId: string, next: Partial<NextApplicationAction>): OpenCase => ({
  applicationId,
  programId: 'transition-support',
  fiscalYear: 2016,
  recipient: { kind: 'hospital', id: `hosp-${applicationId}`, municipalityCode: '131016' },
  next: {
    stage: 'GrantDecided',
    action: 'ReportPerformance',
    by: ['institution'],
    label: { ja: '実績報告', en: 'report performance' },
    ...next,
  },
});
const remindOn = (date: string, openCases: OpenCase[]): DueDateReminderCommand => ({
  type: 'SendDueDateReminders',
  data: { openCases },
  actor: { id: 'system:due-date-reminders', role: 'system' },
  at: new Date(`${date}T08:00:00+09:00`),
});
const report = openCase('app-report', { dueDate: '2017-04-10' });
const correction = openCase('app-correction', {
  stage: 'CorrectionRequested',
  action: 'ResubmitApplication',
  label: { ja: '補正後の再提出', en: 'answer the correction request' },
  dueDate: '2016-06-03',
});
const review = openCase('app-review', {
  stage: 'Submitted',
  action: 'StartReview',
  by: ['caseworker'],
  dueDate: '2017-04-10',
});

describe('due-date reminders (期限の通知)', () => {
  it('given a performance report due on 10 April, when 3 April comes, then the recipient is reminded it is due in 7 days', () => {
    const [sent] = given([])
      .when(remindOn('2017-04-03', [report, review]))
      .events();
    expect(sent).toEqual({
      type: 'DueDateRemindersSent',
      data: {
        remindedOn: '2017-04-03',
        reminders: [
          {
            applicationId: 'app-report',
            programId: 'transition-support',
            fiscalYear: 2016,
            recipient: report.recipient,
            action: 'ReportPerformance',
            dueDate: '2017-04-10',
            kind: 'upcoming',
            message: {
              ja: '実績報告の期限（2017-04-10）まで7日です',
              en: 'report performance: due in 7 days (2017-04-10)',
            },
          },
        ],
      },
    });
  });

  it.each([
    ['2017-04-10', 'dueToday', '本日（2017-04-10）が実績報告の期限です'],
    ['2017-04-11', 'overdue', '実績報告の期限（2017-04-10）を過ぎています'],
  ])('on %s the reminder is %s', (date, kind, ja) => {
    const [sent] = given([])
      .when(remindOn(date, [report]))
      .events();
    expect(sent!.data.reminders).toEqual([
      expect.objectContaining({ kind, message: expect.objectContaining({ ja }) }),
    ]);
  });

  it('reminds of a correction answer too, in case-id order', () => {
    const [sent] = given([])
      .when(remindOn('2016-06-03', [report, correction, openCase('app-a', { dueDate: '2016-06-03' })]))
      .events();
    expect(sent!.data.reminders.map((r) => [r.applicationId, r.action, r.kind])).toEqual([
      ['app-a', 'ReportPerformance', 'dueToday'],
      ['app-correction', 'ResubmitApplication', 'dueToday'],
    ]);
  });

  it('records nothing on other days, nothing for caseworker deadlines, and nothing the second time on the same day', () => {
    given([])
      .when(remindOn('2017-04-05', [report, correction]))
      .then([]);
    given([])
      .when(remindOn('2017-04-03', [review]))
      .then([]);
    const first = given([])
      .when(remindOn('2017-04-03', [report]))
      .events();
    given(first)
      .when(remindOn('2017-04-03', [report]))
      .then([]);
  });
});
