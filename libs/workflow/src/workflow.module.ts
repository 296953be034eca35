import { Module } from '@nestjs/common';
import type { ApplicationRules } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '#platform';
import { eligibilityLookups } from './applications/eligibility-lookups.ts';
import { CommandGateway } from './gateway/command-gateway.ts';
import { createCommandGateway } from './gateway/create-command-gateway.ts';
import { APPLICATION_RULES, ELIGIBILITY_LOOKUPS, SEED_APPLICATION_RULES } from './workflow-rules.ts';

/**
 * The command side both apps share: the one CommandGateway every command goes through, over the rules
 * the decisions read (APPLICATION_RULES: the seed catalogue and the default schedule) and the
 * eligibility lookups. Needs InfrastructureModule (EVENT_STORE).
 */
@Module({
  providers: [
    { provide: APPLICATION_RULES, useValue: SEED_APPLICATION_RULES },
    { provide: ELIGIBILITY_LOOKUPS, useFactory: eligibilityLookups, inject: [EVENT_STORE] },
    {
      provide: CommandGateway,
      useFactory: (store: EventStore, rules: ApplicationRules) => createCommandGateway(store, rules),
      inject: [EVENT_STORE, APPLICATION_RULES],
    },
  ],
  exports: [CommandGateway, APPLICATION_RULES, ELIGIBILITY_LOOKUPS],
})
export class WorkflowModule {}
