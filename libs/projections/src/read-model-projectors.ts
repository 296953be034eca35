import type { Projector } from './projector.ts';
import { READ_MODEL_RULES } from './read-model-rules.ts';
import { subsidyReadModelProjectors } from './read-models/index.ts';

/**
 * The read models the worker runs (ProjectionsModule.forRoot({ projectors: READ_MODEL_PROJECTORS,
 * run: true })). A new read model adds its projector here and its tables to READ_MODEL_MIGRATIONS.
 * The timelines read the same rules as the commands (READ_MODEL_RULES).
 */
export const READ_MODEL_PROJECTORS: readonly Projector[] = subsidyReadModelProjectors(READ_MODEL_RULES);
