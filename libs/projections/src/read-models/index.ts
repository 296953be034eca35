import type { ApplicationRules } from '#domain';
import type { Projector } from '../projector.ts';
import type { ProjectorTables } from '../rebuild/shadow-schema.ts';
import {
  BUDGET_EXECUTION_PROJECTION,
  BudgetExecutionBudgetRow,
  BudgetExecutionCaseRow,
  BudgetExecutionLineRow,
  budgetExecutionProjector,
} from './budget-execution.ts';
import { CASE_SUMMARIES_PROJECTION, CaseSummary, caseSummariesProjector } from './case-summaries.ts';
import {
  PROGRAM_BUDGETS_PROJECTION,
  ProgramBudget,
  ProgramBudgetCase,
  programBudgetsProjector,
} from './program-budgets.ts';
import {
  RECIPIENT_PROGRAM_TIMELINES_PROJECTION,
  RecipientProgramTimelineRow,
  recipientProgramTimelinesProjector,
  TimelineApplicationRow,
  TimelineTrainingCompletion,
} from './recipient-program-timelines.ts';
import {
  TRAINING_COMPLETIONS_PROJECTION,
  TrainingCompletion,
  trainingCompletionsProjector,
} from './training-completions.ts';
import {
  TRAINING_OFFERINGS_PROJECTION,
  TrainingOfferingRow,
  trainingOfferingsProjector,
} from './training-offerings.ts';

export * from './budget-execution.ts';
export * from './case-summaries.ts';
export * from './program-budgets.ts';
export * from './recipient-program-timelines.ts';
export * from './training-completions.ts';
export * from './training-offerings.ts';
export * from './read-model-queries.ts';

/** The TypeORM entities of the read models: every DataSource on the read database knows them. */
export const READ_MODEL_ENTITIES = [
  CaseSummary,
  RecipientProgramTimelineRow,
  TimelineApplicationRow,
  TimelineTrainingCompletion,
  TrainingCompletion,
  TrainingOfferingRow,
  ProgramBudget,
  ProgramBudgetCase,
  BudgetExecutionLineRow,
  BudgetExecutionBudgetRow,
  BudgetExecutionCaseRow,
];

/** The projection names of the subsidy read models (for waitForPosition). */
export const SUBSIDY_PROJECTIONS = {
  caseSummaries: CASE_SUMMARIES_PROJECTION,
  timelines: RECIPIENT_PROGRAM_TIMELINES_PROJECTION,
  trainingCompletions: TRAINING_COMPLETIONS_PROJECTION,
  trainingOfferings: TRAINING_OFFERINGS_PROJECTION,
  budgets: PROGRAM_BUDGETS_PROJECTION,
  budgetExecution: BUDGET_EXECUTION_PROJECTION,
} as const;

/**
 * The projectors of the subsidy procedure, on the rules the commands are decided by. Each declares the
 * read_model tables it alone writes (`tables`): `projections rebuild` swaps exactly those and `verify`
 * compares exactly those, even when the log holds none of its events.
 */
export function subsidyReadModelProjectors(rules: ApplicationRules): (Projector & ProjectorTables)[] {
  return [
    { ...caseSummariesProjector(), tables: ['case_summaries'] },
    {
      ...recipientProgramTimelinesProjector(rules),
      tables: ['recipient_program_timelines', 'timeline_applications', 'timeline_training_completions'],
    },
    { ...trainingCompletionsProjector(), tables: ['training_completions'] },
    { ...trainingOfferingsProjector(), tables: ['training_offerings'] },
    { ...programBudgetsProjector(), tables: ['program_budget_cases', 'program_budgets'] },
    {
      ...budgetExecutionProjector(),
      tables: ['budget_execution_cases', 'budget_execution_budgets', 'budget_execution_lines'],
    },
  ];
}
