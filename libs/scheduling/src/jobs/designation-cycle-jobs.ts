import {
  DomainError,
  dueDesignationSteps,
  fiscalYear as toFiscalYear,
  fiscalYearOfInstant,
  formatCalendarDate,
  resolveMonthDayInFiscalYear,
  tokyoDateOf,
  type Actor,
  type RecommendationRoundCommand,
} from '#domain';
import type { EventStore } from '#event-store';
import { createCommandGateway, loadHubSurvey, loadRound, type CommandGateway } from '#workflow';
import type { JobRunContext, ScheduledJob } from '../scheduled-job.ts';

export interface DesignationCycleDependencies {
  readonly store: EventStore;
  /** The command gateway (absent: one over the store and the seed rules, for specs and scripts). */
  readonly gateway?: CommandGateway;
  /** The 62 Tokyo municipalities notified each year. */
  readonly municipalityCodes: readonly string[];
}

type Resolved = DesignationCycleDependencies & { readonly gateway: CommandGateway };

export const SYSTEM_ACTOR: Actor = { id: 'system:designation-cycle', role: 'system' };

/**
 * The annual recommendation → designation cycle (seed 002): in November the round opens and the hub
 * survey goes out to every municipality; every morning the steps due by the round's own calendar are
 * issued (February reminders, closing at the deadline, designation at the cut-off and as late
 * recommendations arrive, publication, the follow-up survey). Every decision is idempotent and every
 * event id derives from the run, so a repeated or concurrent run changes nothing.
 */
export function designationCycleJobs(given: DesignationCycleDependencies): ScheduledJob[] {
  const dependencies = { ...given, gateway: given.gateway ?? createCommandGateway(given.store) };
  return [
    {
      name: 'designation-round-open',
      cron: '0 9 1 11 *',
      description:
        '在宅療養において積極的役割を担う医療機関の推薦依頼 (open the recommendation round, issue the hub survey)',
      run: (context) => openRound(dependencies, context),
    },
    {
      name: 'designation-cycle-daily',
      cron: '0 9 * * *',
      description: '推薦〆切・指定・公表・取組状況調査 (the round steps due today)',
      run: (context) => runDueSteps(dependencies, context),
    },
  ];
}

async function openRound({ store, gateway, municipalityCodes }: Resolved, context: JobRunContext) {
  const fiscalYear = fiscalYearOfInstant(context.scheduledFor);
  const state = await loadRound(store, fiscalYear);
  const metadata = { correlationId: context.runId };
  if (!state.opened) {
    await gateway
      .send(
        'recommendationRound',
        fiscalYear,
        {
          type: 'OpenRecommendationRound',
          data: { fiscalYear, municipalityCodes },
          actor: SYSTEM_ACTOR,
          at: context.scheduledFor,
        },
        { metadata, eventIdSeed: [context.runId, 'round'] },
      )
      .catch(alreadyOpen);
  }
  const deadline = formatCalendarDate(resolveMonthDayInFiscalYear('2月末', fiscalYear));
  await gateway.send(
    'hubSurvey',
    fiscalYear,
    {
      type: 'IssueHubSurvey',
      data: { fiscalYear, municipalityCodes, dueDate: deadline },
      actor: SYSTEM_ACTOR,
      at: context.scheduledFor,
    },
    { metadata, eventIdSeed: [context.runId, 'hubSurvey'] },
  );
}

/** Steps of this fiscal year's round and of last year's (whose late recommendations are designated as they arrive). */
async function runDueSteps({ store, gateway }: Resolved, context: JobRunContext) {
  const today = formatCalendarDate(tokyoDateOf(context.scheduledFor));
  const current = fiscalYearOfInstant(context.scheduledFor);
  for (const fiscalYear of [current - 1, current]) {
    const round = await loadRound(store, fiscalYear);
    for (const step of dueDesignationSteps(round, today)) {
      const command = await stepCommand(store, step, fiscalYear, context);
      await gateway.send('recommendationRound', fiscalYear, command, {
        metadata: { correlationId: context.runId },
        eventIdSeed: [context.runId, `${fiscalYear}:${step}`],
      });
    }
  }
}

async function stepCommand(
  store: EventStore,
  step: RecommendationRoundCommand['type'],
  fiscalYear: number,
  context: JobRunContext,
): Promise<RecommendationRoundCommand> {
  const base = { actor: SYSTEM_ACTOR, at: context.scheduledFor };
  switch (step) {
    case 'PublishDesignationList': {
      // The hubs published with the list: the municipalities positioned as hubs, i.e. those surveyed.
      const survey = await loadHubSurvey(store, fiscalYear);
      return { ...base, type: step, data: { coordinationHubs: survey.municipalityCodes } };
    }
    case 'IssueFollowUpSurvey':
      return {
        ...base,
        type: step,
        data: {
          surveyId: `followUp-${fiscalYear}`,
          dueDate: formatCalendarDate(resolveMonthDayInFiscalYear('6月30日', toFiscalYear(fiscalYear + 1))),
        },
      };
    default:
      return { ...base, type: step, data: {} } as RecommendationRoundCommand;
  }
}

/** Another worker running the same instant opened the round between our read and our append. */
function alreadyOpen(error: unknown): void {
  if (error instanceof DomainError && error.code === 'ROUND_ALREADY_OPEN') return;
  throw error;
}
