import {
  APPLICATION_COMMAND_ROLES,
  APPLICATION_STREAM_CATEGORY,
  MULTI_YEAR_GRANT_STREAM_CATEGORY,
  TRAINING_STREAM_CATEGORY,
  APPLICATION_EVENT_SCHEMA_VERSIONS,
  applicationDecider,
  applicationStreamId,
  BUDGET_EVENT_SCHEMA_VERSIONS,
  COLLABORATION_SURVEY_COMMAND_ROLES,
  COLLABORATION_SURVEY_EVENT_SCHEMA_VERSIONS,
  COLLABORATION_SURVEY_STREAM_CATEGORY,
  collaborationSurveyDecider,
  collaborationSurveyStreamId,
  type CollaborationSurveyCommand,
  type CollaborationSurveyEvent,
  type CollaborationSurveyState,
  BUDGET_ROLES,
  budgetDecider,
  budgetStreamId,
  DUE_DATE_REMINDER_EVENT_SCHEMA_VERSIONS,
  dueDateReminderDecider,
  dueDateReminderStreamId,
  FISCAL_YEAR_ROLLOVER_EVENT_SCHEMA_VERSIONS,
  FISCAL_YEAR_RULES_EVENT_SCHEMA_VERSIONS,
  FISCAL_YEAR_RULES_ROLES,
  FISCAL_YEAR_RULES_STREAM_CATEGORY,
  fiscalYearRulesDecider,
  fiscalYearRulesStreamId,
  type FiscalYearRulesCommand,
  type FiscalYearRulesEvent,
  type FiscalYearRulesState,
  fiscalYearRolloverDecider,
  fiscalYearRolloverStreamId,
  hubSurveyDecider,
  hubSurveyStreamId,
  MULTI_YEAR_GRANT_EVENT_SCHEMA_VERSIONS,
  multiYearGrantDecider,
  multiYearGrantStreamId,
  recommendationRoundDecider,
  recommendationRoundStreamId,
  TRAINING_COMMAND_ROLES,
  TRAINING_EVENT_SCHEMA_VERSIONS,
  trainingOfferingDecider,
  trainingStreamId,
  type ApplicationCommand,
  type ApplicationEvent,
  type ApplicationRecipient,
  type ApplicationRules,
  type BudgetCommand,
  type BudgetEvent,
  type BudgetState,
  type DueDateReminderCommand,
  type DueDateReminderEvent,
  type DueDateReminderState,
  type FiscalYearRolloverCommand,
  type FiscalYearRolloverEvent,
  type FiscalYearRolloverState,
  type HubSurveyCommand,
  type HubSurveyEvent,
  type HubSurveyState,
  type MultiYearGrantCommand,
  type MultiYearGrantEvent,
  type MultiYearGrantState,
  type RecommendationRoundCommand,
  type RecommendationRoundEvent,
  type RecommendationRoundState,
  type TrainingCommand,
  type TrainingEvent,
  type TrainingOfferingState,
} from '#domain';
import { caseDecider, type CaseFold } from '../applications/application-case.ts';
import { applicationTags, fiscalYearRulesTags, trainingTags, multiYearGrantTags } from './event-tags.ts';
import type { Aggregate } from './aggregate.ts';
import type { EligibilityLookups } from '../applications/eligibility-lookups.ts';

/** A budget: one programme in one fiscal year. */
export interface BudgetKey {
  readonly programId: string;
  readonly fiscalYear: number;
}

/** A multi-year grant: one recipient in one programme menu. */
export interface MultiYearGrantKey {
  readonly programId: string;
  readonly menuId: string;
  readonly recipient: ApplicationRecipient;
}

/**
 * Every aggregate, registered once over the rules the decisions read (the versioned catalogue and the
 * schedule) and the lookups StartReview needs. The command gateway runs commands only on these.
 */
export function workflowAggregates(rules: ApplicationRules, lookups: EligibilityLookups) {
  const applications = applicationDecider(rules.catalogue, { schedule: rules.schedule });
  return {
    application: {
      streamIdOf: applicationStreamId,
      category: APPLICATION_STREAM_CATEGORY,
      decider: caseDecider(applications),
      schemaVersions: APPLICATION_EVENT_SCHEMA_VERSIONS,
      rolesOf: (type) => APPLICATION_COMMAND_ROLES[type],
      exists: (fold) => fold.state.ref !== undefined,
      scopeOf: ({ state: { ref } }) =>
        ref && { municipalityCode: ref.recipient.municipalityCode, institutionId: ref.recipient.id },
      startedBy: ['DraftApplication'],
      noun: 'case',
      complete: (command, fold) => completeReview(command, fold, lookups),
      tagsOf: (event, fold) => applicationTags(event, fold.state),
    } satisfies Aggregate<string, ApplicationCommand, CaseFold, ApplicationEvent> as Aggregate<
      string,
      ApplicationCommand,
      CaseFold,
      ApplicationEvent
    >,
    training: {
      streamIdOf: trainingStreamId,
      category: TRAINING_STREAM_CATEGORY,
      decider: trainingOfferingDecider,
      schemaVersions: TRAINING_EVENT_SCHEMA_VERSIONS,
      rolesOf: () => TRAINING_COMMAND_ROLES,
      startedBy: ['OfferTraining'],
      noun: 'training offering',
      tagsOf: trainingTags,
    } as Aggregate<string, TrainingCommand, TrainingOfferingState, TrainingEvent>,
    budget: {
      streamIdOf: ({ programId, fiscalYear }: BudgetKey) => budgetStreamId(programId, fiscalYear),
      decider: budgetDecider(rules.catalogue),
      schemaVersions: BUDGET_EVENT_SCHEMA_VERSIONS,
      rolesOf: () => BUDGET_ROLES,
      noun: 'budget',
    } as Aggregate<BudgetKey, BudgetCommand, BudgetState, BudgetEvent>,
    recommendationRound: {
      streamIdOf: recommendationRoundStreamId,
      decider: recommendationRoundDecider,
      noun: 'recommendation round',
    } as Aggregate<number, RecommendationRoundCommand, RecommendationRoundState, RecommendationRoundEvent>,
    hubSurvey: {
      streamIdOf: hubSurveyStreamId,
      decider: hubSurveyDecider,
      noun: 'hub survey',
    } as Aggregate<number, HubSurveyCommand, HubSurveyState, HubSurveyEvent>,
    collaborationSurvey: {
      streamIdOf: collaborationSurveyStreamId,
      category: COLLABORATION_SURVEY_STREAM_CATEGORY,
      decider: collaborationSurveyDecider,
      schemaVersions: COLLABORATION_SURVEY_EVENT_SCHEMA_VERSIONS,
      rolesOf: (type) => COLLABORATION_SURVEY_COMMAND_ROLES[type],
      exists: (state) => state.round !== undefined,
      startedBy: ['OpenCollaborationSurveyRound'],
      noun: 'collaboration survey round',
    } as Aggregate<number, CollaborationSurveyCommand, CollaborationSurveyState, CollaborationSurveyEvent>,
    fiscalYearRollover: {
      streamIdOf: fiscalYearRolloverStreamId,
      decider: fiscalYearRolloverDecider(rules.catalogue, rules.schedule),
      schemaVersions: FISCAL_YEAR_ROLLOVER_EVENT_SCHEMA_VERSIONS,
      noun: 'fiscal-year rollover',
    } as Aggregate<number, FiscalYearRolloverCommand, FiscalYearRolloverState, FiscalYearRolloverEvent>,
    multiYearGrant: {
      streamIdOf: ({ programId, menuId, recipient }: MultiYearGrantKey) =>
        multiYearGrantStreamId(programId, menuId, recipient),
      category: MULTI_YEAR_GRANT_STREAM_CATEGORY,
      decider: multiYearGrantDecider(rules.catalogue),
      schemaVersions: MULTI_YEAR_GRANT_EVENT_SCHEMA_VERSIONS,
      noun: 'multi-year grant',
      tagsOf: multiYearGrantTags,
    } as Aggregate<MultiYearGrantKey, MultiYearGrantCommand, MultiYearGrantState, MultiYearGrantEvent>,
    fiscalYearRules: {
      streamIdOf: fiscalYearRulesStreamId,
      category: FISCAL_YEAR_RULES_STREAM_CATEGORY,
      decider: fiscalYearRulesDecider(rules),
      schemaVersions: FISCAL_YEAR_RULES_EVENT_SCHEMA_VERSIONS,
      rolesOf: () => FISCAL_YEAR_RULES_ROLES,
      startedBy: ['ProposeFiscalYearRules'],
      noun: 'fiscal-year rules',
      tagsOf: fiscalYearRulesTags,
    } as Aggregate<number, FiscalYearRulesCommand, FiscalYearRulesState, FiscalYearRulesEvent>,
    dueDateReminders: {
      streamIdOf: dueDateReminderStreamId,
      decider: dueDateReminderDecider,
      schemaVersions: DUE_DATE_REMINDER_EVENT_SCHEMA_VERSIONS,
      noun: 'due-date reminders',
    } as Aggregate<string, DueDateReminderCommand, DueDateReminderState, DueDateReminderEvent>,
  };
}

export type WorkflowAggregates = ReturnType<typeof workflowAggregates>;

/**
 * 審査: the caseworker gives the facts about the institution; the staff's training completions and the
 * recipient's earlier funded years are looked up by key here (whatever the command says about them), so
 * that the checks recorded with the case rest on the log. No case yet: the decider refuses by stage.
 */
async function completeReview(
  command: ApplicationCommand,
  fold: CaseFold,
  lookups: EligibilityLookups,
): Promise<ApplicationCommand> {
  const recipientId = fold.state.ref?.recipient.id;
  if (command.type !== 'StartReview' || recipientId === undefined) return command;
  const [staffTrainingCompletions, priorParticipation] = await Promise.all([
    lookups.completionsOf(recipientId),
    lookups.participationOf(recipientId),
  ]);
  const facts = { ...command.data?.facts, staffTrainingCompletions, priorParticipation };
  return { ...command, data: { ...command.data, facts } };
}
