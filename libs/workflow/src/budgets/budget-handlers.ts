import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import {
  BUDGET_EVENT_SCHEMA_VERSIONS,
  budgetDecider,
  budgetStreamId,
  type ApplicationRules,
  type BudgetCommand,
  type BudgetEvent,
  type BudgetState,
  type Decider,
} from '#domain';
import { DeciderCommandHandler, DomainCommandMessage } from '#platform';
import { APPLICATION_RULES } from '../workflow-rules.ts';

/** 予算額の設定 on the CommandBus: `budget-<programId>.<fiscalYear>`. */
export class AllocateBudget extends DomainCommandMessage<BudgetCommand, BudgetEvent> {}

/** Runs AllocateBudget with the budget decider on the catalogue the applications are decided by. */
@CommandHandler(AllocateBudget)
export class AllocateBudgetHandler extends DeciderCommandHandler<
  AllocateBudget,
  BudgetCommand,
  BudgetState,
  BudgetEvent
> {
  protected readonly decider: Decider<BudgetCommand, BudgetState, BudgetEvent>;
  protected override readonly schemaVersions = BUDGET_EVENT_SCHEMA_VERSIONS;

  constructor(@Inject(APPLICATION_RULES) rules: ApplicationRules) {
    super();
    this.decider = budgetDecider(rules.catalogue);
  }

  protected streamIdOf(command: BudgetCommand): string {
    return budgetStreamId(command.data.programId, command.data.fiscalYear);
  }
}
