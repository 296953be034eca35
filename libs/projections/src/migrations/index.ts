import type { MigrationInterface } from 'typeorm';
import { ProjectionCheckpoints1767225600000 } from './1767225600000-projection-checkpoints.ts';
import { SubsidyReadModels1767312000000 } from './1767312000000-subsidy-read-models.ts';
import { SubsidyReadModelAmounts1767398400000 } from './1767398400000-subsidy-read-model-amounts.ts';

/**
 * Every read-model migration, oldest first. A new read model adds its tables here (a class whose name
 * ends with a JavaScript timestamp); never edit one that has shipped. Both apps run them at start-up.
 */
export const READ_MODEL_MIGRATIONS: readonly (new () => MigrationInterface)[] = [
  ProjectionCheckpoints1767225600000,
  SubsidyReadModels1767312000000,
  SubsidyReadModelAmounts1767398400000,
];
