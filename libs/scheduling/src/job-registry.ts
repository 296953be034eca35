import { runIdOf, type ScheduledJob } from './scheduled-job.ts';
import type { SchedulerStatus } from './scheduler.ts';
import { assertValidCron, nextOccurrence } from './tokyo-cron.ts';

/** The jobs a scheduler runs, checked once: unique names, valid crons. */
export class JobRegistry {
  private readonly byName = new Map<string, ScheduledJob>();

  constructor(jobs: readonly ScheduledJob[]) {
    for (const job of jobs) {
      if (this.byName.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
      assertValidCron(job.name, job.cron);
      this.byName.set(job.name, job);
    }
  }

  get jobs(): readonly ScheduledJob[] {
    return [...this.byName.values()];
  }

  get(name: string): ScheduledJob {
    const job = this.byName.get(name);
    if (job === undefined) {
      throw new Error(
        `no job named ${JSON.stringify(name)} (known: ${[...this.byName.keys()].join(', ') || 'none'})`,
      );
    }
    return job;
  }

  async run(name: string, scheduledFor: Date, attempt: number): Promise<void> {
    await this.get(name).run({ scheduledFor, runId: runIdOf(name, scheduledFor), attempt });
  }

  /** Each job with its next occurrence after `now`: what status() and /health show. */
  schedule(now: Date): SchedulerStatus['jobs'] {
    return this.jobs.map((job) => ({
      name: job.name,
      cron: job.cron,
      next: nextOccurrence(job.cron, now).toISOString(),
    }));
  }
}
