import type { Projector } from './projector.ts';

/**
 * The read models the worker runs (ProjectionsModule.forRoot({ projectors: READ_MODEL_PROJECTORS,
 * run: true })). A new read model adds its projector here and its tables to READ_MODEL_MIGRATIONS.
 */
export const READ_MODEL_PROJECTORS: readonly Projector[] = [];
