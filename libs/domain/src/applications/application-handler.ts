import type { SubsidyProgramCatalogue } from '../rules/programme-catalogue.ts';
import type { ProgramSchedule, ResolvedProgramSchedule } from '../rules/program-schedule.ts';
import { addDays, formatCalendarDate, tokyoDateOf } from '../shared/calendar-date.ts';
import type { Command } from '../shared/command.ts';
import { commandDate, recordOf } from '../shared/event-record.ts';
import type { ApplicationCommandOf, ApplicationCommandType } from './application-commands.ts';
import type {
  ApplicationEvent,
  ApplicationEventBase,
  ApplicationEventData,
  ApplicationEventType,
} from './application-events.ts';
import type { ApplicationState } from './application-state.ts';
import type { ApplicationRef } from './application-terms.ts';

/** The rules a decision reads: passed in, never imported as globals inside decide. */
export interface ApplicationRules {
  readonly catalogue: SubsidyProgramCatalogue;
  readonly schedule: ProgramSchedule;
}

/** One small function per command: the command, the state folded so far and the rules → new events. */
export type ApplicationHandler<T extends ApplicationCommandType> = (
  command: ApplicationCommandOf<T>,
  state: ApplicationState,
  rules: ApplicationRules,
) => ApplicationEvent[];

/** The Tokyo date of the command, as events keep it. */
export const today = commandDate;

/** The date `days` after the command's Tokyo date. */
export const daysAfter = (command: Command, days: number): string =>
  formatCalendarDate(addDays(tokyoDateOf(command.at), days));

export { recordOf };

/** Past the stage check every stream has been drafted; the reference is then always there. */
export function refOf(state: ApplicationState): ApplicationRef {
  if (!state.ref) throw new Error(`application state in stage ${state.stage} has no reference`);
  return state.ref;
}

export function baseOf(state: ApplicationState, command: Command, reason?: string): ApplicationEventBase {
  return { ...refOf(state), recorded: recordOf(command, reason) };
}

export function scheduleOf(state: ApplicationState, rules: ApplicationRules): ResolvedProgramSchedule {
  const ref = refOf(state);
  return rules.schedule.scheduleFor(ref.programId, ref.fiscalYear);
}

export function event<T extends ApplicationEventType>(
  type: T,
  data: ApplicationEventData<T>,
): ApplicationEvent {
  return { type, data } as ApplicationEvent;
}
