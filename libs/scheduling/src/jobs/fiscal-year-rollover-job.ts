import {
  fiscalYearOfInstant,
  isMultiYearProgram,
  multiYearGrantStreamId,
  trainingCompletionFacts,
  type ApplicationEventData,
  type ApplicationRules,
  type DomainEvent,
  type InstitutionTraining,
  type MultiYearGrantEvent,
} from '#domain';
import type { EventStore } from '#event-store';
import {
  createCommandGateway,
  EVENT_TAGS,
  readTagged,
  type CommandGateway,
  type MultiYearGrantKey,
} from '#workflow';
import type { JobRunContext, ScheduledJob } from '../scheduled-job.ts';

export interface FiscalYearRolloverDependencies {
  readonly store: EventStore;
  /** The command gateway (absent: one over the store and the seed rules, for specs and scripts). */
  readonly gateway?: CommandGateway;
  readonly rules: ApplicationRules;
}

const ROLLOVER_ACTOR = { id: 'system:fiscal-year-rollover', role: 'system' } as const;

type GrantDecided = ApplicationEventData<'GrantDecided'>;

/**
 * 年度更新, 1 April 00:00 JST: every multi-year grant moves to its next programme year with the rate and
 * base now in force (a year-1 grant decided last year starts its grant record first), then the year's
 * rollover record opens the applications last year's training made possible and raises the ② duties of
 * last year's ③ completers. Each step is idempotent and its event ids derive from the run, so a repeated
 * or concurrent run, or a retry after a crash half-way, has the effect once.
 */
export function fiscalYearRolloverJob(dependencies: FiscalYearRolloverDependencies): ScheduledJob {
  const gateway = dependencies.gateway ?? createCommandGateway(dependencies.store, dependencies.rules);
  const resolved = { ...dependencies, gateway };
  return {
    name: 'fiscal-year-rollover',
    cron: '0 0 1 4 *',
    description:
      '年度更新 (multi-year grants to their next programme year, applications opened by training, ② duties)',
    run: (context) => rollOver(resolved, context),
  };
}

async function rollOver(
  { store, gateway, rules }: FiscalYearRolloverDependencies & { readonly gateway: CommandGateway },
  context: JobRunContext,
) {
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
  const streamIdOf = (key: MultiYearGrantKey) =>
    multiYearGrantStreamId(key.programId, key.menuId, key.recipient);
  for (const decided of await firstYearGrantsBefore(store, rules, fiscalYear)) {
    const { programId, menuId, recipient, applicationId } = decided;
    const key = { programId, menuId, recipient };
    await attempt(streamIdOf(key), () =>
      gateway.send(
        'multiYearGrant',
        key,
        {
          ...base,
          type: 'StartMultiYearGrant',
          data: { programId, menuId, recipient, applicationId, fiscalYear: decided.fiscalYear },
        },
        { metadata, eventIdSeed: [context.runId, `start:${streamIdOf(key)}`] },
      ),
    );
  }
  for (const key of await grants(store)) {
    await attempt(streamIdOf(key), () =>
      gateway.send(
        'multiYearGrant',
        key,
        { ...base, type: 'AdvanceProgramYear', data: { fiscalYear } },
        { metadata, eventIdSeed: [context.runId, `advance:${streamIdOf(key)}`] },
      ),
    );
  }
  if (failures.length > 0)
    throw new Error(
      `fiscal-year rollover ${fiscalYear}: ${failures.length} grant(s) failed: ${failures.join('; ')}`,
    );
  await gateway.send(
    'fiscalYearRollover',
    fiscalYear,
    { ...base, type: 'RollOverFiscalYear', data: { fiscalYear, institutions: await staffTraining(store) } },
    { metadata, eventIdSeed: [context.runId, 'rollover'] },
  );
}

/** Year-1 grant decisions of multi-year programmes in earlier fiscal years (a missed rollover catches up), by tag. */
async function firstYearGrantsBefore(
  store: EventStore,
  rules: ApplicationRules,
  fiscalYear: number,
): Promise<GrantDecided[]> {
  return (await readTagged(store, EVENT_TAGS.firstYearGrantDecided))
    .map((recorded) => recorded.data as GrantDecided)
    .filter(
      ({ programId, fiscalYear: decidedIn, programYear }) =>
        programYear === 1 &&
        decidedIn < fiscalYear &&
        isMultiYearProgram(rules.catalogue, programId, decidedIn),
    );
}

/** Every multi-year grant record, by the tag its start carries. */
async function grants(store: EventStore): Promise<MultiYearGrantKey[]> {
  return (await readTagged(store, EVENT_TAGS.multiYearGrantStarted)).map((recorded) => {
    const { programId, menuId, recipient } = recorded.data as Extract<
      MultiYearGrantEvent,
      { type: 'MultiYearGrantStarted' }
    >['data'];
    return { programId, menuId, recipient };
  });
}

/** Every institution's staff completions, by tag (pseudonymous person ids only). */
async function staffTraining(store: EventStore): Promise<InstitutionTraining[]> {
  const byInstitution = new Map<string, DomainEvent[]>();
  for (const recorded of await readTagged(store, EVENT_TAGS.trainingCompleted)) {
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
