import { Agent, request } from 'node:http';

/** A request not answered this long after its scheduled start is abandoned and counted as an error. */
const ANSWER_WITHIN_MS = 30_000;

/** One HTTP request of the load, and what its answer must be. */
export interface Shot {
  /** The figures it counts in (commands, queries, read-your-writes, baseline …). */
  readonly group: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly expectStatus: number;
  /** Sees the answer (status and body) once it has arrived; returns a problem to count as an error. */
  readonly onAnswer?: (status: number, body: string) => string | undefined;
}

/** Latencies and errors of one group: every latency from the request's scheduled start. */
export class Figures {
  readonly latencies: number[] = [];
  readonly errors = new Map<string, number>();
  sent = 0;

  error(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  get errorCount(): number {
    return [...this.errors.values()].reduce((sum, n) => sum + n, 0);
  }

  quantile(q: number): number {
    if (this.latencies.length === 0) return Number.NaN;
    const sorted = Float64Array.from(this.latencies).sort();
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  }
}

/**
 * Open-model (fixed-rate) load: requests start on a fixed schedule, `rate` per second evenly spaced,
 * whether or not earlier ones have answered — as independent users would send them — each on a
 * keep-alive connection of its own while it is in flight. Latency runs from the request's scheduled
 * start, not from when it was sent: a server (or this generator) falling behind shows in the figures
 * instead of slowing the load down (no coordinated omission). A request unanswered 30 s after its
 * scheduled start (queued for a socket or sent) is abandoned as an error, so an overloaded run ends.
 */
export class OpenLoad {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  private readonly figures = new Map<string, Figures>();
  private readonly inFlight = new Set<Promise<void>>();
  private recording = false;

  constructor(private readonly base: URL) {}

  /** Starts counting (after the warm-up) with fresh figures. */
  record(): void {
    this.figures.clear();
    this.recording = true;
  }

  figuresOf(group: string): Figures {
    let figures = this.figures.get(group);
    if (figures === undefined) this.figures.set(group, (figures = new Figures()));
    return figures;
  }

  groups(): ReadonlyMap<string, Figures> {
    return this.figures;
  }

  /** Sends `next()` at `rate` per second for `seconds`; resolves when the schedule ends (not the answers). */
  async run(rate: number, seconds: number, next: (index: number) => Shot): Promise<void> {
    if (rate <= 0) return;
    const interval = 1000 / rate;
    const total = Math.round(rate * seconds);
    const start = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      for (; sent < due; sent++) this.fire(next(sent), start + sent * interval);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(1, start + sent * interval - performance.now())),
      );
    }
  }

  /** Sends one request now, outside the schedule (read-your-writes checks); latency from now. */
  send(shot: Shot): void {
    this.fire(shot, performance.now());
  }

  /** Waits for every request still in flight. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  close(): void {
    this.agent.destroy();
  }

  private fire(shot: Shot, scheduledAt: number): void {
    const figures = this.recording ? this.figuresOf(shot.group) : undefined;
    if (figures) figures.sent++;
    const done = this.exchange(shot, scheduledAt + ANSWER_WITHIN_MS - performance.now()).then(
      ({ status, body }) => {
        const latency = performance.now() - scheduledAt;
        const problem =
          status !== shot.expectStatus ? `${status} ${errorCodeOf(body)}` : shot.onAnswer?.(status, body);
        if (!figures) return;
        figures.latencies.push(latency);
        if (problem !== undefined) figures.error(problem);
      },
      (error: unknown) => figures?.error((error as Error).message),
    );
    const tracked = done.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** One request; abandoned (an error) `withinMs` from now, waiting for a free socket included. */
  private exchange(shot: Shot, withinMs: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(shot.path, this.base),
        {
          method: shot.method,
          agent: this.agent,
          headers: {
            ...shot.headers,
            ...(shot.body !== undefined && {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(shot.body),
            }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      const late = setTimeout(
        () => req.destroy(new Error(`no answer within ${ANSWER_WITHIN_MS / 1000} s of its scheduled start`)),
        Math.max(0, withinMs),
      );
      req.on('close', () => clearTimeout(late));
      req.on('error', reject);
      req.end(shot.body);
    });
  }
}

function errorCodeOf(body: string): string {
  try {
    return String((JSON.parse(body) as { error?: unknown }).error ?? '');
  } catch {
    return '';
  }
}
