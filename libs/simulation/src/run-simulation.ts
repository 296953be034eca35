import { NestFactory } from '@nestjs/core';
import {
  currentDesignations,
  designationStatus,
  fiscalYearOfInstant,
  tallyHubSurvey,
  type ApplicationRules,
  type DesignationStatus,
  type HubSurveyTally,
} from '#domain';
import { LOG_GENESIS_HASH, rollLogHash, type EventStore, type RecordedEvent } from '#event-store';
import { EVENT_STORE, loadTokyoMunicipalities, ManualClock, type RuntimeConfig } from '#platform';
import { jobRunsBetween, runOccurrence, subsidyJobs, type ScheduledJob } from '#scheduling';
import { APPLICATION_RULES, CommandGateway, loadHubSurvey, loadRound } from '#workflow';
import { fiscalYearReport, type FiscalYearReport } from './fiscal-year-report.ts';
import { ScenarioActions, type ScenarioStep } from './scenario.ts';
import { SimulationModule } from './simulation-module.ts';

export interface SimulationOptions {
  /** First and last Tokyo calendar day, `YYYY-MM-DD`, both included. */
  readonly from: string;
  readonly to: string;
  /** A fresh database: the simulation writes its own log from nothing. */
  readonly config: RuntimeConfig;
  readonly steps: readonly ScenarioStep[];
  /** Called as each step or job run happens (progress output). */
  readonly onEntry?: (entry: TimelineEntry) => void;
}

export interface TimelineEntry {
  readonly at: Date;
  readonly kind: 'step' | 'job';
  readonly label: string;
}

export interface SimulationResult {
  readonly stepsRun: number;
  readonly jobRuns: number;
  readonly eventCount: number;
  /** The log's rolling hash at its end (as `audit verify` computes it): equal logs, equal hashes. */
  readonly logHash: string;
  readonly report: FiscalYearReport;
  readonly designations: readonly {
    readonly fiscalYear: number;
    readonly status: DesignationStatus;
    readonly hubSurvey: HubSurveyTally;
  }[];
}

interface Entry extends TimelineEntry {
  readonly order: number;
  run(): Promise<void>;
}

/**
 * Runs a scenario on a virtual clock through the real command handlers, the real job handlers and the
 * real event store: the clock is set to each step's or job run's instant, in calendar order (job runs
 * before scenario steps at the same instant, as a worker would have run them first).
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const start = new Date(`${options.from}T00:00:00+09:00`);
  const end = new Date(`${options.to}T23:59:59.999+09:00`);
  const clock = new ManualClock(start);
  const app = await NestFactory.createApplicationContext(SimulationModule.forRoot(options.config, clock), {
    logger: false,
  });
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    const gateway = app.get<CommandGateway>(CommandGateway);
    const rules = app.get<ApplicationRules>(APPLICATION_RULES);
    const municipalityCodes = (await loadTokyoMunicipalities()).map((m) => m.code);
    const jobs = subsidyJobs({ store, gateway, rules, municipalityCodes });
    const entries = timeline(options.steps, jobs, start, end, gateway);
    for (const entry of entries) {
      clock.set(entry.at);
      options.onEntry?.(entry);
      try {
        await entry.run();
      } catch (error) {
        throw new Error(
          `simulation stopped at ${entry.at.toISOString()} (${entry.label}): ${String(error)}`,
          {
            cause: error,
          },
        );
      }
    }
    const events = await readWholeLog(store);
    const fiscalYears = fiscalYearsBetween(start, end);
    return {
      stepsRun: entries.filter((e) => e.kind === 'step').length,
      jobRuns: entries.filter((e) => e.kind === 'job').length,
      eventCount: events.length,
      logHash: events.reduce((rolling, event) => rollLogHash(rolling, event.hash), LOG_GENESIS_HASH),
      report: fiscalYearReport(events, fiscalYears, rules.catalogue),
      designations: await designationsOf(store, fiscalYears, municipalityCodes),
    };
  } finally {
    await app.close();
  }
}

function timeline(
  steps: readonly ScenarioStep[],
  jobs: readonly ScheduledJob[],
  start: Date,
  end: Date,
  gateway: CommandGateway,
): Entry[] {
  // [start, end]: the first day's midnight runs (1 April 00:00 is the rollover) belong to the range.
  const jobRuns: Entry[] = jobRunsBetween(jobs, new Date(start.getTime() - 1), end).map((occurrence) => ({
    at: occurrence.at,
    kind: 'job' as const,
    label: occurrence.job.name,
    order: occurrence.order,
    run: () => runOccurrence(occurrence),
  }));
  const stepRuns: Entry[] = steps
    .map((step, index) => ({
      at: new Date(step.at),
      kind: 'step' as const,
      label: step.label,
      order: jobs.length + index,
      run: () => step.run(new ScenarioActions(gateway, step)),
    }))
    .filter((entry) => entry.at >= start && entry.at <= end);
  return [...jobRuns, ...stepRuns].sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
}

async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    // Committed, not the stable prefix: the run is over, and a transaction elsewhere on the server must
    // not cut the log short (the hash would differ from run to run).
    const page = await store.readAll({
      consistency: 'committed',
      maxCount: 10_000,
      ...(events.length ? { after: events[events.length - 1]!.position } : {}),
    });
    events.push(...page);
    if (page.length < 10_000) return events;
  }
}

function fiscalYearsBetween(start: Date, end: Date): number[] {
  const years: number[] = [];
  for (let fy: number = fiscalYearOfInstant(start); fy <= fiscalYearOfInstant(end); fy += 1) years.push(fy);
  return years;
}

async function designationsOf(
  store: EventStore,
  fiscalYears: readonly number[],
  municipalityCodes: readonly string[],
) {
  const rounds = [];
  for (const fiscalYear of fiscalYears) {
    const round = await loadRound(store, fiscalYear);
    if (!round.opened) continue;
    rounds.push({
      fiscalYear,
      status: designationStatus(municipalityCodes, currentDesignations(round)),
      hubSurvey: tallyHubSurvey(await loadHubSurvey(store, fiscalYear)),
    });
  }
  return rounds;
}
