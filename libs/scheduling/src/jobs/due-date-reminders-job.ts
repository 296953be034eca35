import {
  addDays,
  formatCalendarDate,
  nextApplicationAction,
  parseCalendarDate,
  REMINDER_OFFSETS,
  tokyoDateOf,
  type ApplicationEventData,
  type OpenCase,
} from '#domain';
import type { EventStore } from '#event-store';
import { createCommandGateway, EVENT_TAGS, readTagged, type CommandGateway } from '#workflow';
import type { JobRunContext, ScheduledJob } from '../scheduled-job.ts';

export interface DueDateReminderDependencies {
  readonly store: EventStore;
  /** The command gateway (absent: one over the store and the seed rules, for specs and scripts). */
  readonly gateway?: CommandGateway;
}

/**
 * Every morning at 8:00 JST: recipients are reminded of the performance reports and correction answers
 * they owe (a week before, on the day, the day after). The day's reminders are one event, written once.
 */
export function dueDateRemindersJob({ store, gateway }: DueDateReminderDependencies): ScheduledJob {
  const dependencies = { store, gateway: gateway ?? createCommandGateway(store) };
  return {
    name: 'due-date-reminders',
    cron: '0 8 * * *',
    description: '実績報告・補正の期限の通知 (reminders of performance reports and correction answers due)',
    run: (context) => remind(dependencies, context),
  };
}

async function remind(
  { store, gateway }: { readonly store: EventStore; readonly gateway: CommandGateway },
  context: JobRunContext,
) {
  const remindedOn = formatCalendarDate(tokyoDateOf(context.scheduledFor));
  await gateway.send(
    'dueDateReminders',
    remindedOn,
    {
      type: 'SendDueDateReminders',
      data: { openCases: await casesDueAround(store, gateway, remindedOn) },
      actor: { id: 'system:due-date-reminders', role: 'system' },
      at: context.scheduledFor,
    },
    { metadata: { correlationId: context.runId }, eventIdSeed: context.runId },
  );
}

/**
 * The cases whose next action falls due on a date a reminder goes out for today (a week ahead, today,
 * yesterday), found by the due-date tags their events carry and each read once as it stands now: the
 * cost is the cases due around today, whatever the size of the log.
 */
async function casesDueAround(
  store: EventStore,
  gateway: CommandGateway,
  remindedOn: string,
): Promise<OpenCase[]> {
  const today = parseCalendarDate(remindedOn, 'remindedOn');
  const applicationIds = new Set<string>();
  for (const offset of Object.values(REMINDER_OFFSETS)) {
    const dueDate = formatCalendarDate(addDays(today, -offset));
    for (const recorded of await readTagged(store, EVENT_TAGS.applicationDueOn(dueDate))) {
      applicationIds.add((recorded.data as ApplicationEventData<'ApplicationDrafted'>).applicationId);
    }
  }
  const open: OpenCase[] = [];
  for (const applicationId of [...applicationIds].sort()) {
    const { state } = (await gateway.load('application', applicationId)).state;
    const next = nextApplicationAction(state);
    if (!next || !state.ref) continue;
    const { programId, fiscalYear, recipient } = state.ref;
    open.push({ applicationId, programId, fiscalYear, recipient, next });
  }
  return open;
}
