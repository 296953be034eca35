import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { APPLICATION_COMMAND_HANDLERS } from './applications/application-handlers.ts';
import {
  EventStorePriorParticipationLookup,
  EventStoreTrainingCompletionLookup,
  PRIOR_PARTICIPATION_LOOKUP,
  TRAINING_COMPLETION_LOOKUP,
} from './applications/eligibility-lookups.ts';
import { TRAINING_COMMAND_HANDLERS } from './trainings/training-handlers.ts';
import { APPLICATION_RULES, SEED_APPLICATION_RULES } from './workflow-rules.ts';

/**
 * The command side both apps share: the CommandBus (CqrsModule) with a handler per application and
 * training command, the rules they decide by (APPLICATION_RULES: the seed catalogue and the default
 * schedule) and the eligibility lookups. Needs InfrastructureModule (EVENT_STORE).
 */
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    { provide: APPLICATION_RULES, useValue: SEED_APPLICATION_RULES },
    { provide: TRAINING_COMPLETION_LOOKUP, useClass: EventStoreTrainingCompletionLookup },
    { provide: PRIOR_PARTICIPATION_LOOKUP, useClass: EventStorePriorParticipationLookup },
    ...APPLICATION_COMMAND_HANDLERS,
    ...TRAINING_COMMAND_HANDLERS,
  ],
  exports: [CqrsModule, APPLICATION_RULES, TRAINING_COMPLETION_LOOKUP, PRIOR_PARTICIPATION_LOOKUP],
})
export class WorkflowModule {}
