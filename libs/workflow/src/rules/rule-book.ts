import {
  evolveFiscalYearRules,
  fiscalYearRulesStreamId,
  ProgramSchedule,
  releasedProposalsOf,
  SubsidyProgramCatalogue,
  type ApplicationRules,
  type FiscalYearRulesEvent,
  type FiscalYearRulesProposal,
  type FiscalYearRulesState,
  type ProgramScheduleVersion,
  type SubsidyProgramVersion,
} from '#domain';
import type { EventStore } from '#event-store';
import { loadDecisionState } from '#platform';
import { EVENT_TAGS } from '../gateway/event-tags.ts';
import { SEED_APPLICATION_RULES } from './workflow-rules.ts';

/** The catalogue the decisions read: the code-defined versions, then those the office released. */
class LiveCatalogue extends SubsidyProgramCatalogue {
  constructor(private readonly current: () => readonly SubsidyProgramVersion[]) {
    super([]);
  }

  override get versions(): readonly SubsidyProgramVersion[] {
    return this.current();
  }
}

class LiveSchedule extends ProgramSchedule {
  constructor(private readonly current: () => readonly ProgramScheduleVersion[]) {
    super([]);
  }

  override get versions(): readonly ProgramScheduleVersion[] {
    return this.current();
  }
}

const FOLD = { initialState: { proposals: [] } as FiscalYearRulesState, evolve: evolveFiscalYearRules };

/**
 * The rules in force: the code-defined catalogue and schedule (`base`) and every fiscal year's rules the
 * office released (fiscalYearRules streams). `rules` is one live object the deciders keep; `refresh()`
 * reads the releases appended since the last call — one indexed query by tag (FiscalYearRulesReleased),
 * whatever the size of the log — and refolds only the years they name. The gateway refreshes before every
 * command, so a release is in force for the very next one.
 */
export class RuleBook {
  readonly rules: ApplicationRules;
  private readonly released = new Map<number, readonly FiscalYearRulesProposal[]>();
  private programs: readonly SubsidyProgramVersion[];
  private schedules: readonly ProgramScheduleVersion[];
  private after = 0n;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    readonly base: ApplicationRules = SEED_APPLICATION_RULES,
  ) {
    this.programs = base.catalogue.versions;
    this.schedules = base.schedule.versions;
    this.rules = {
      catalogue: new LiveCatalogue(() => this.programs),
      schedule: new LiveSchedule(() => this.schedules),
    };
  }

  /** Reads the releases since the last refresh (concurrent callers share one read). */
  refresh(): Promise<void> {
    this.refreshing ??= this.readReleases().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** A fiscal year's stream as it stands (proposals of every status), for the api's listings. */
  async fiscalYear(fiscalYear: number): Promise<FiscalYearRulesState> {
    const loaded = await loadDecisionState<FiscalYearRulesState, FiscalYearRulesEvent>(
      this.store,
      fiscalYearRulesStreamId(fiscalYear),
      FOLD,
    );
    return loaded.state;
  }

  private async readReleases(): Promise<void> {
    for (;;) {
      const page = await this.store.readByTag(EVENT_TAGS.fiscalYearRulesReleased, { after: this.after });
      const last = page.at(-1);
      if (!last) return;
      const years = new Set(page.map((event) => (event.data as { fiscalYear: number }).fiscalYear));
      for (const fy of years) this.released.set(fy, releasedProposalsOf(await this.fiscalYear(fy)));
      this.after = last.position;
      const entered = this.releasedProposals();
      this.programs = [...this.base.catalogue.versions, ...entered.flatMap((p) => p.programs)];
      this.schedules = [...this.base.schedule.versions, ...entered.flatMap((p) => p.schedules)];
    }
  }

  /** Every released proposal, by fiscal year, in the order released. */
  releasedProposals(): readonly FiscalYearRulesProposal[] {
    return [...this.released.entries()].sort(([a], [b]) => a - b).flatMap(([, proposals]) => proposals);
  }

  /**
   * The rules as they stood at an instant: the code-defined ones and the proposals released by then
   * (absent: all released so far). A fixed copy, not the live view.
   */
  rulesReleasedBy(instant: Date | undefined): ApplicationRules {
    const entered = this.releasedProposals().filter(
      (p) => instant === undefined || new Date(p.released!.at).getTime() <= instant.getTime(),
    );
    return {
      catalogue: new SubsidyProgramCatalogue([
        ...this.base.catalogue.versions,
        ...entered.flatMap((p) => p.programs),
      ]),
      schedule: new ProgramSchedule([...this.base.schedule.versions, ...entered.flatMap((p) => p.schedules)]),
    };
  }
}
