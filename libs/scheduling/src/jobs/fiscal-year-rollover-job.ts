import {
  fiscalYearOfInstant,
  isApplicationEvent,
  isMultiYearProgram,
  multiYearGrantStreamId,
  type ApplicationEvent,
  type ApplicationRules,
  APPLICATION_STREAM_CATEGORY,
  MULTI_YEAR_GRANT_STREAM_CATEGORY,
  TRAINING_STREAM_CATEGORY,
  trainingCompletionFacts,
  type DomainEvent,
  type InstitutionTraining,
} from '#domain';
import type { EventStore } from '#event-store';
import {
  executeMultiYearGrantCommand,
  executeRolloverCommand,
  readWholeCategory,
  type EventIdsOf,
} from '#workflow';
import { deterministicId } from '#platform';
import type { JobRunContext, ScheduledJob } from '../scheduled-job.ts';

export interface FiscalYearRolloverDependencies {
  readonly store: EventStore;
  readonly rules: ApplicationRules;
}

const ROLLOVER_ACTOR = { id: 'system:fiscal-year-rollover', role: 'system' } as const;

type GrantDecided = Extract<ApplicationEvent, { type: 'GrantDecided' }>;

/**
 * 年度更新, 1 April 00:00 JST: every multi-year grant moves to its next programme year with the rate and
 * base now in force (a year-1 grant decided last year starts its grant record first), then the year's
 * rollover record opens the applications last year's training made possible and raises the ② duties of
 * last year's ③ completers. Each step is idempotent and its event ids derive from the run, so a repeated
 * or concurrent run, or a retry after a crash half-way, has the effect once.
 */
export function fiscalYearRolloverJob(dependencies: FiscalYearRolloverDependencies): ScheduledJob {
  return {
    name: 'fiscal-year-rollover',
    cron: '0 0 1 4 *',
    description:
      '年度更新 (multi-year grants to their next programme year, applications opened by training, ② duties)',
    run: (context) => rollOver(dependencies, context),
  };
}

async function rollOver({ store, rules }: FiscalYearRolloverDependencies, context: JobRunContext) {
  const fiscalYear = fiscalYearOfInstant(context.scheduledFor);
  const base = { actor: ROLLOVER_ACTOR, at: context.scheduledFor };
  const metadata = { correlationId: context.runId };
  const failures: string[] = [];
  // One grant that cannot advance must not hold back the others; the run still fails, and is retried.
  const attempt = async (streamId: string, step: () => Promise<unknown>) => {
    try {
      await step();
    } catch (error) {
      failures.push(`${streamId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for (const decided of await firstYearGrantsBefore(store, rules, fiscalYear)) {
    const { programId, menuId, recipient, applicationId } = decided.data;
    const streamId = multiYearGrantStreamId(programId, menuId, recipient);
    await attempt(streamId, () =>
      executeMultiYearGrantCommand(
        store,
        rules,
        streamId,
        {
          ...base,
          type: 'StartMultiYearGrant',
          data: { programId, menuId, recipient, applicationId, fiscalYear: decided.data.fiscalYear },
        },
        metadata,
        idsFor(context, `start:${streamId}`),
      ),
    );
  }
  for (const streamId of await grantStreams(store)) {
    await attempt(streamId, () =>
      executeMultiYearGrantCommand(
        store,
        rules,
        streamId,
        { ...base, type: 'AdvanceProgramYear', data: { fiscalYear } },
        metadata,
        idsFor(context, `advance:${streamId}`),
      ),
    );
  }
  if (failures.length > 0)
    throw new Error(
      `fiscal-year rollover ${fiscalYear}: ${failures.length} grant(s) failed: ${failures.join('; ')}`,
    );
  await executeRolloverCommand(
    store,
    rules,
    { ...base, type: 'RollOverFiscalYear', data: { fiscalYear, institutions: await staffTraining(store) } },
    metadata,
    idsFor(context, 'rollover'),
  );
}

/** Year-1 grant decisions of multi-year programmes in earlier fiscal years (a missed rollover catches up). */
async function firstYearGrantsBefore(
  store: EventStore,
  rules: ApplicationRules,
  fiscalYear: number,
): Promise<GrantDecided[]> {
  const decided: GrantDecided[] = [];
  for await (const recorded of readWholeCategory(store, APPLICATION_STREAM_CATEGORY)) {
    const event = { type: recorded.type, data: recorded.data } as ApplicationEvent;
    if (!isApplicationEvent(event) || event.type !== 'GrantDecided') continue;
    const { programId, fiscalYear: decidedIn, programYear } = event.data;
    if (
      programYear === 1 &&
      decidedIn < fiscalYear &&
      isMultiYearProgram(rules.catalogue, programId, decidedIn)
    )
      decided.push(event);
  }
  return decided;
}

async function grantStreams(store: EventStore): Promise<string[]> {
  const streams = new Set<string>();
  for await (const recorded of readWholeCategory(store, MULTI_YEAR_GRANT_STREAM_CATEGORY))
    streams.add(recorded.streamId);
  return [...streams];
}

/** Every institution's staff completions, from the training log (pseudonymous person ids only). */
async function staffTraining(store: EventStore): Promise<InstitutionTraining[]> {
  const byInstitution = new Map<string, DomainEvent[]>();
  for await (const recorded of readWholeCategory(store, TRAINING_STREAM_CATEGORY)) {
    if (recorded.type !== 'TrainingCompleted') continue;
    const { institutionId } = recorded.data as { readonly institutionId: string };
    const events = byInstitution.get(institutionId) ?? [];
    events.push({ type: recorded.type, data: recorded.data });
    byInstitution.set(institutionId, events);
  }
  return [...byInstitution].map(([institutionId, events]) => ({
    institutionId,
    completions: trainingCompletionFacts(events),
  }));
}

function idsFor(context: JobRunContext, scope: string): EventIdsOf {
  return (event, index) => deterministicId(context.runId, scope, event.type, index);
}
