import type { ApplicationRules } from '#domain';
import type { EventStore } from '#event-store';
import { eligibilityLookups } from '../applications/eligibility-lookups.ts';
import { RuleBook } from '../rules/rule-book.ts';
import { SEED_APPLICATION_RULES } from '../rules/workflow-rules.ts';
import { CommandGateway } from './command-gateway.ts';
import { workflowAggregates } from './workflow-aggregates.ts';

/**
 * The gateway over a store and its rule book: the code-defined rules (the seed catalogue and default
 * schedule if none are given) and the fiscal years' rules the office released, read before each command.
 */
export function createCommandGateway(
  store: EventStore,
  rules: ApplicationRules | RuleBook = SEED_APPLICATION_RULES,
): CommandGateway {
  const book = rules instanceof RuleBook ? rules : new RuleBook(store, rules);
  return new CommandGateway(store, workflowAggregates(book.rules, eligibilityLookups(store)), {
    beforeDecide: () => book.refresh(),
  });
}
