import { DEFAULT_PROGRAM_SCHEDULE, SEED_CATALOGUE } from '#domain';
import type { Projector } from './projector.ts';
import { subsidyReadModelProjectors } from './read-models/index.ts';

/**
 * The read models the worker runs (ProjectionsModule.forRoot({ projectors: READ_MODEL_PROJECTORS,
 * run: true })). A new read model adds its projector here and its tables to READ_MODEL_MIGRATIONS.
 * The timelines read the same rules as the commands (WorkflowModule's SEED_APPLICATION_RULES).
 */
export const READ_MODEL_PROJECTORS: readonly Projector[] = subsidyReadModelProjectors({
  catalogue: SEED_CATALOGUE,
  schedule: DEFAULT_PROGRAM_SCHEDULE,
});
