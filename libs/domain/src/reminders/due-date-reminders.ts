import type { ApplicationRecipient } from '../applications/application-terms.ts';
import type { NextApplicationAction } from '../applications/application-next-action.ts';
import { addDays, formatCalendarDate, parseCalendarDate, tokyoDateOf } from '../shared/calendar-date.ts';
import type { Command } from '../shared/command.ts';
import type { Decider, DomainEvent } from '../shared/decider.ts';

/**
 * 期限の通知: recipients are reminded of what they owe by a date — the performance report (実績報告) and
 * the answer to a correction request (補正) — a week before, on the day, and the day after it passed
 * (督促). One stream per Tokyo calendar day (`dueDateReminders-<YYYY-MM-DD>`), written once.
 */
export const REMINDED_ACTIONS = ['ReportPerformance', 'ResubmitApplication'] as const;
export type RemindedAction = (typeof REMINDED_ACTIONS)[number];
export type ReminderKind = 'upcoming' | 'dueToday' | 'overdue';

/** Days relative to the due date on which each reminder goes out. */
export const REMINDER_OFFSETS: Readonly<Record<ReminderKind, number>> = {
  upcoming: -7,
  dueToday: 0,
  overdue: 1,
};

export interface OpenCase {
  readonly applicationId: string;
  readonly programId: string;
  readonly fiscalYear: number;
  readonly recipient: ApplicationRecipient;
  readonly next: NextApplicationAction;
}

export interface DueDateReminder {
  readonly applicationId: string;
  readonly programId: string;
  readonly fiscalYear: number;
  readonly recipient: ApplicationRecipient;
  readonly action: RemindedAction;
  readonly dueDate: string;
  readonly kind: ReminderKind;
  readonly message: { readonly ja: string; readonly en: string };
}

export type DueDateReminderEvent = DomainEvent<
  'DueDateRemindersSent',
  { readonly remindedOn: string; readonly reminders: readonly DueDateReminder[] }
>;

export const DUE_DATE_REMINDER_EVENT_SCHEMA_VERSIONS: Readonly<Record<DueDateReminderEvent['type'], number>> =
  {
    DueDateRemindersSent: 1,
  };

export type DueDateReminderCommand = Command<
  'SendDueDateReminders',
  { readonly openCases: readonly OpenCase[] }
>;

export interface DueDateReminderState {
  readonly sent: boolean;
}

export function dueDateReminderStreamId(remindedOn: string): string {
  return `dueDateReminders-${formatCalendarDate(parseCalendarDate(remindedOn, 'remindedOn'))}`;
}

/** The reminders due on a day (Tokyo), in case-id order; a case not owed by its recipient gets none. */
export function remindersDueOn(remindedOn: string, openCases: readonly OpenCase[]): DueDateReminder[] {
  const today = parseCalendarDate(remindedOn, 'remindedOn');
  return openCases
    .flatMap((openCase) => {
      const { action, dueDate } = openCase.next;
      if (!dueDate || !(REMINDED_ACTIONS as readonly string[]).includes(action)) return [];
      const due = parseCalendarDate(dueDate, 'dueDate');
      const kind = (Object.keys(REMINDER_OFFSETS) as ReminderKind[]).find(
        (k) => formatCalendarDate(addDays(due, REMINDER_OFFSETS[k])) === formatCalendarDate(today),
      );
      if (!kind) return [];
      const { applicationId, programId, fiscalYear, recipient } = openCase;
      return [
        {
          applicationId,
          programId,
          fiscalYear,
          recipient,
          action: action as RemindedAction,
          dueDate,
          kind,
          message: messageFor(kind, openCase.next.label, dueDate),
        },
      ];
    })
    .sort((a, b) => (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0));
}

function messageFor(kind: ReminderKind, label: NextApplicationAction['label'], dueDate: string) {
  switch (kind) {
    case 'upcoming':
      return {
        ja: `${label.ja}の期限（${dueDate}）まで7日です`,
        en: `${label.en}: due in 7 days (${dueDate})`,
      };
    case 'dueToday':
      return { ja: `本日（${dueDate}）が${label.ja}の期限です`, en: `${label.en}: due today (${dueDate})` };
    case 'overdue':
      return {
        ja: `${label.ja}の期限（${dueDate}）を過ぎています`,
        en: `${label.en}: overdue since ${dueDate}`,
      };
  }
}

export const dueDateReminderDecider: Decider<
  DueDateReminderCommand,
  DueDateReminderState,
  DueDateReminderEvent
> = {
  initialState: { sent: false },
  decide(command, state) {
    if (state.sent) return [];
    const remindedOn = formatCalendarDate(tokyoDateOf(command.at));
    const reminders = remindersDueOn(remindedOn, command.data.openCases);
    return reminders.length === 0 ? [] : [{ type: 'DueDateRemindersSent', data: { remindedOn, reminders } }];
  },
  evolve: () => ({ sent: true }),
};
