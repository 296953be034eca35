import { DEFAULT_PROGRAM_SCHEDULE, SEED_CATALOGUE, type ApplicationRules } from '#domain';

/**
 * The rules the read models are projected with, and the timelines assembled with on read: the same
 * rules as the commands (WorkflowModule's SEED_APPLICATION_RULES).
 */
export const READ_MODEL_RULES: ApplicationRules = {
  catalogue: SEED_CATALOGUE,
  schedule: DEFAULT_PROGRAM_SCHEDULE,
};
