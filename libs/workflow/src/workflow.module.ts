import { Module } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '#platform';
import { eligibilityLookups } from './applications/eligibility-lookups.ts';
import { CommandGateway } from './gateway/command-gateway.ts';
import { createCommandGateway } from './gateway/create-command-gateway.ts';
import { RuleBook } from './rules/rule-book.ts';
import { APPLICATION_RULES, ELIGIBILITY_LOOKUPS } from './rules/workflow-rules.ts';

/**
 * The command side both apps share: the one CommandGateway every command goes through, over the rule
 * book (the seed catalogue and default schedule, and the fiscal years' rules the office released;
 * APPLICATION_RULES is its live view — call RuleBook.refresh() before reading it outside a command) and
 * the eligibility lookups. Needs InfrastructureModule (EVENT_STORE).
 */
@Module({
  providers: [
    { provide: RuleBook, useFactory: (store: EventStore) => new RuleBook(store), inject: [EVENT_STORE] },
    { provide: APPLICATION_RULES, useFactory: (book: RuleBook) => book.rules, inject: [RuleBook] },
    { provide: ELIGIBILITY_LOOKUPS, useFactory: eligibilityLookups, inject: [EVENT_STORE] },
    {
      provide: CommandGateway,
      useFactory: (store: EventStore, book: RuleBook) => createCommandGateway(store, book),
      inject: [EVENT_STORE, RuleBook],
    },
  ],
  exports: [CommandGateway, RuleBook, APPLICATION_RULES, ELIGIBILITY_LOOKUPS],
})
export class WorkflowModule {}
