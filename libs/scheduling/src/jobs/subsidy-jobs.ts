import type { ApplicationRules } from '#domain';
import type { EventStore } from '#event-store';
import type { CommandGateway } from '#workflow';
import type { ScheduledJob } from '../scheduled-job.ts';
import { designationCycleJobs } from './designation-cycle-jobs.ts';
import { dueDateRemindersJob } from './due-date-reminders-job.ts';
import { fiscalYearRolloverJob } from './fiscal-year-rollover-job.ts';

/**
 * The jobs of the annual cycles (designation round, fiscal-year rollover, due-date reminders): the
 * worker schedules them, the simulation and the sandbox run them for each day they pass.
 */
export function subsidyJobs(deps: {
  readonly store: EventStore;
  readonly gateway: CommandGateway;
  readonly rules: ApplicationRules;
  readonly municipalityCodes: readonly string[];
}): ScheduledJob[] {
  const { store, gateway, rules, municipalityCodes } = deps;
  // Jobs due at the same instant run in this order (the designation steps at 09:00 share one).
  return [
    ...designationCycleJobs({ store, gateway, municipalityCodes }),
    fiscalYearRolloverJob({ store, gateway, rules }),
    dueDateRemindersJob({ store, gateway }),
  ];
}
