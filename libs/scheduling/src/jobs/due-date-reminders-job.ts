import {
  APPLICATION_STREAM_CATEGORY,
  DUE_DATE_REMINDER_EVENT_SCHEMA_VERSIONS,
  dueDateReminderDecider,
  dueDateReminderStreamId,
  evolveApplication,
  formatCalendarDate,
  initialApplicationState,
  nextApplicationAction,
  tokyoDateOf,
  type ApplicationEvent,
  type ApplicationState,
  type OpenCase,
} from '#domain';
import type { EventStore } from '#event-store';
import { handleCommand } from '#platform';
import { readWholeCategory } from '#workflow';
import { deterministicId } from '#platform';
import type { JobRunContext, ScheduledJob } from '../scheduled-job.ts';

export interface DueDateReminderDependencies {
  readonly store: EventStore;
}

/**
 * Every morning at 8:00 JST: recipients are reminded of the performance reports and correction answers
 * they owe (a week before, on the day, the day after). The day's reminders are one event, written once.
 */
export function dueDateRemindersJob({ store }: DueDateReminderDependencies): ScheduledJob {
  return {
    name: 'due-date-reminders',
    cron: '0 8 * * *',
    description: '実績報告・補正の期限の通知 (reminders of performance reports and correction answers due)',
    run: (context) => remind(store, context),
  };
}

async function remind(store: EventStore, context: JobRunContext): Promise<void> {
  const remindedOn = formatCalendarDate(tokyoDateOf(context.scheduledFor));
  await handleCommand(store, {
    streamId: dueDateReminderStreamId(remindedOn),
    decider: dueDateReminderDecider,
    command: {
      type: 'SendDueDateReminders',
      data: { openCases: await openCases(store) },
      actor: { id: 'system:due-date-reminders', role: 'system' },
      at: context.scheduledFor,
    },
    metadata: { correlationId: context.runId },
    schemaVersions: DUE_DATE_REMINDER_EVENT_SCHEMA_VERSIONS,
    eventIds: (event, index) => deterministicId(context.runId, event.type, index),
  });
}

/** Every case that still waits for something, with what and by when (replayed from the log). */
async function openCases(store: EventStore): Promise<OpenCase[]> {
  const states = new Map<string, ApplicationState>();
  for await (const recorded of readWholeCategory(store, APPLICATION_STREAM_CATEGORY)) {
    const event = { type: recorded.type, data: recorded.data } as ApplicationEvent;
    states.set(
      recorded.streamId,
      evolveApplication(states.get(recorded.streamId) ?? initialApplicationState, event),
    );
  }
  return [...states.values()].flatMap((state) => {
    const next = nextApplicationAction(state);
    if (!next || !state.ref) return [];
    const { applicationId, programId, fiscalYear, recipient } = state.ref;
    return [{ applicationId, programId, fiscalYear, recipient, next }];
  });
}
