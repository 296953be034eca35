import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { EventStore } from '#event-store';
import { checkReadableLag, describeReadableLag, EVENT_STORE, HealthChecker } from '#platform';

/** How often the worker measures the event store's readable-head lag. */
export const READABLE_LAG_CHECK_INTERVAL_MS = 15_000;

/**
 * The project has no metrics endpoint: the worker measures the readable-head lag periodically and logs
 * a warning naming the holder while it is past the threshold (and once when it recovers); the api
 * reports the same in /health.
 */
@Injectable()
export class ReadableLagMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EventStoreLag');
  private timer: NodeJS.Timeout | undefined;
  private lagging = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthChecker,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.store.readableLag) return;
    this.timer = setInterval(() => void this.check(), READABLE_LAG_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One measurement; returns whether the lag is past the threshold. */
  async check(): Promise<boolean> {
    const report = await checkReadableLag(this.store, this.health.readableLagThresholdSeconds);
    if (report === undefined || report.status === 'unknown') return this.lagging;
    if (report.status === 'lagging') this.logger.warn(describeReadableLag(report));
    else if (this.lagging)
      this.logger.log(`Event store readable head caught up (${report.events} events behind)`);
    this.lagging = report.status === 'lagging';
    return this.lagging;
  }
}
