import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, type ApplicationRules } from '#domain';
import type { EventStore } from '#event-store';
import { CLOCK, EVENT_STORE, loadTokyoMunicipalities, ManualClock, type Clock } from '#platform';
import { advanceVirtualTime, subsidyJobs } from '#scheduling';
import { APPLICATION_RULES, CommandGateway } from '#workflow';
import { sandboxInstant, sandboxStatus, type SandboxStatus } from './sandbox-time.ts';

/** What moving the sandbox's clock did. */
export interface SandboxAdvance extends SandboxStatus {
  /** The job runs for the days passed, in order: `<job> <instant>`. */
  readonly jobRuns: readonly string[];
}

/**
 * The sandbox's virtual clock (npm run demo): shared by the api and the worker of the one process, moved
 * forward only by an admin, and every scheduled job runs for each occurrence the move passes — as the
 * simulation runs them — so the annual cycles happen in the sandbox as they would have in those years.
 */
@Injectable()
export class SandboxService {
  private readonly logger = new Logger('Sandbox');
  /** One move at a time: two admins moving at once would run the same days twice. */
  private moving: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APPLICATION_RULES) private readonly rules: ApplicationRules,
    private readonly gateway: CommandGateway,
  ) {
    if (!(clock instanceof ManualClock)) throw new Error('the sandbox needs a virtual clock (ManualClock)');
  }

  status(): SandboxStatus {
    return sandboxStatus(this.clock.now());
  }

  /** Moves the clock to `date` (17:00 JST of that Tokyo day), running the jobs of the days passed. */
  advanceTo(date: string): Promise<SandboxAdvance> {
    const move = this.moving.then(() => this.move(date));
    this.moving = move.catch(() => undefined);
    return move;
  }

  private async move(date: string): Promise<SandboxAdvance> {
    const to = sandboxInstant(date);
    const now = this.clock.now();
    if (Number.isNaN(to.getTime()) || to.getTime() < now.getTime()) {
      throw new DomainError('INVALID_COMMAND_DATA', {
        field: 'date',
        value: date,
        reason: Number.isNaN(to.getTime())
          ? 'not a calendar date'
          : `the sandbox's clock only moves forward; it stands at ${this.status().date}`,
        expected: `a date on or after ${this.status().date}`,
      });
    }
    const municipalityCodes = (await loadTokyoMunicipalities()).map((m) => m.code);
    const jobs = subsidyJobs({
      store: this.store,
      gateway: this.gateway,
      rules: this.rules,
      municipalityCodes,
    });
    const runs = await advanceVirtualTime(this.clock as ManualClock, jobs, to);
    this.logger.log(`moved to ${date}: ${runs.length} job run(s)`);
    return { ...this.status(), jobRuns: runs.map((run) => `${run.job.name} ${run.at.toISOString()}`) };
  }
}
