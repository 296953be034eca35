import type { ApplicationRules } from '#domain';
import type { EventStore } from '#event-store';
import { eligibilityLookups } from '../applications/eligibility-lookups.ts';
import { SEED_APPLICATION_RULES } from '../workflow-rules.ts';
import { CommandGateway } from './command-gateway.ts';
import { workflowAggregates } from './workflow-aggregates.ts';

/** The gateway over a store and the rules (the seed catalogue and default schedule if none are given). */
export function createCommandGateway(
  store: EventStore,
  rules: ApplicationRules = SEED_APPLICATION_RULES,
): CommandGateway {
  return new CommandGateway(store, workflowAggregates(rules, eligibilityLookups(store)));
}
