import type { MigrationInterface } from 'typeorm';
import { ProjectionCheckpoints1767225600000 } from './1767225600000-projection-checkpoints.ts';
import { SubsidyReadModels1767312000000 } from './1767312000000-subsidy-read-models.ts';
import { SubsidyReadModelAmounts1767398400000 } from './1767398400000-subsidy-read-model-amounts.ts';
import { ApiIdempotencyKeys1767484800000 } from './1767484800000-api-idempotency-keys.ts';
import { BudgetExecutionReadModel1767571200000 } from './1767571200000-budget-execution-read-model.ts';
import { TrainingOfferingsReadModel1767657600000 } from './1767657600000-training-offerings-read-model.ts';
import { TimelineApplicationsReadModel1767744000000 } from './1767744000000-timeline-applications-read-model.ts';
import { CaseSummariesOpenStageIndex1767830400000 } from './1767830400000-case-summaries-open-stage-index.ts';

/**
 * Every migration of the read database's own tables, oldest first: the read models' (schema
 * read_model) and the api's idempotency keys (schema api). A new table is a class here (its name ends
 * with a JavaScript timestamp); never edit one that has shipped. Both apps run them at start-up
 * (ProjectionsModule), the CLI before a rebuild.
 */
export const READ_MODEL_MIGRATIONS: readonly (new () => MigrationInterface)[] = [
  ProjectionCheckpoints1767225600000,
  SubsidyReadModels1767312000000,
  SubsidyReadModelAmounts1767398400000,
  ApiIdempotencyKeys1767484800000,
  BudgetExecutionReadModel1767571200000,
  TrainingOfferingsReadModel1767657600000,
  TimelineApplicationsReadModel1767744000000,
  CaseSummariesOpenStageIndex1767830400000,
];
