import { DEFAULT_PROGRAM_SCHEDULE, SEED_CATALOGUE, type ApplicationRules } from '#domain';

/**
 * The rules the application decider reads: the versioned programme catalogue and the deadlines per
 * programme and fiscal year. WorkflowModule provides the seed catalogue and the default schedule;
 * override the token (e.g. a catalogue with a new fiscal year's versions) to change them.
 */
export const APPLICATION_RULES = Symbol('ApplicationRules');

export const SEED_APPLICATION_RULES: ApplicationRules = {
  catalogue: SEED_CATALOGUE,
  schedule: DEFAULT_PROGRAM_SCHEDULE,
};

/** The eligibility lookups (EligibilityLookups) over the event store's tag index. */
export const ELIGIBILITY_LOOKUPS = Symbol('EligibilityLookups');
