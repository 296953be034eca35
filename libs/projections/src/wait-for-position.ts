import { sleep, type GlobalPosition } from '#event-store';

/** Where projections' checkpoints are, and (optionally) a signal when one moves. */
export interface CheckpointSource {
  /** The stored checkpoint of each name that has one. */
  positions(names: readonly string[]): Promise<ReadonlyMap<string, GlobalPosition>>;
  /** Calls `listener` on each committed move; returns the unsubscribe. Without it: polling only. */
  onMove?(listener: (name: string, position: GlobalPosition) => void): () => void;
}

export interface WaitForPositionOptions {
  readonly timeoutMs: number;
  /**
   * How often to read the checkpoints again while waiting: the only way to notice progress without
   * `onMove`, and a safety net with it (a notification lost while the LISTEN connection was down).
   * Default 50 ms without `onMove`, 1000 ms with it.
   */
  readonly pollIntervalMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Resolves true once the checkpoint of every named projection is at or past `position` (the
 * projections then include the event at `position`), false on timeout or abort. A caseworker's query
 * passes the position its command returned, so it sees its own write.
 */
export async function waitForPosition(
  source: CheckpointSource,
  names: string | readonly string[],
  position: GlobalPosition,
  options: WaitForPositionOptions | number,
): Promise<boolean> {
  const { timeoutMs, pollIntervalMs, signal } =
    typeof options === 'number' ? { timeoutMs: options } : options;
  const wanted = typeof names === 'string' ? [names] : [...new Set(names)];
  const deadline = Date.now() + timeoutMs;
  const known = new Map<string, GlobalPosition>();
  const reached = (): boolean => wanted.every((name) => (known.get(name) ?? -1n) >= position);
  const record = (name: string, at: GlobalPosition): void => {
    if (at > (known.get(name) ?? -1n)) known.set(name, at);
  };

  const local = new AbortController();
  const stop = (): void => local.abort();
  signal?.addEventListener('abort', stop, { once: true });
  let wake: (() => void) | undefined;
  const unsubscribe = source.onMove?.((name, at) => {
    record(name, at);
    if (reached()) wake?.();
  });
  const interval = pollIntervalMs ?? (source.onMove ? 1000 : 50);
  try {
    for (;;) {
      for (const [name, at] of await source.positions(wanted)) record(name, at);
      if (reached()) return true;
      const remaining = deadline - Date.now();
      if (remaining <= 0 || local.signal.aborted) return false;
      const pause = new AbortController();
      wake = () => pause.abort();
      const onStop = (): void => pause.abort();
      local.signal.addEventListener('abort', onStop, { once: true });
      await sleep(Math.min(interval, remaining), pause.signal);
      local.signal.removeEventListener('abort', onStop);
      wake = undefined;
      if (reached()) return true;
    }
  } finally {
    unsubscribe?.();
    signal?.removeEventListener('abort', stop);
  }
}

/** `?waitForPosition=` as given by a client: a decimal global position, as commands return it. */
export function parsePosition(value: string): GlobalPosition | undefined {
  return /^\d{1,40}$/.test(value) ? BigInt(value) : undefined;
}
