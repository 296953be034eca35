import type { EventStore, GlobalPosition, RecordedEvent } from '#event-store';

export interface SharedReadOptions {
  readonly store: EventStore;
  /** Read after this position … */
  readonly after: GlobalPosition;
  /** … up to this one (inclusive); without it, to the end of the stable prefix. */
  readonly until?: GlobalPosition;
  /** Events per page read (the store's maxCount). */
  readonly pageSize: number;
  /** Pages a consumer may fall behind the read before the read waits for it (default 4). */
  readonly maxPagesAhead?: number;
}

/**
 * Reads the log ONCE and hands every page, in order, to each consumer: a consumer gets page n+1 only
 * after its own `consume` of page n has settled, but consumers do not wait for one another (a slow one
 * falls behind by at most `maxPagesAhead` pages, then the read waits for it). The next page is read
 * while the consumers work on the current ones. The first failure stops the read and every consumer at
 * its next page; it is rethrown once all have settled.
 */
export async function readShared(
  options: SharedReadOptions,
  consumers: readonly ((page: readonly RecordedEvent[]) => Promise<void>)[],
): Promise<void> {
  const { store, until, pageSize } = options;
  const maxPagesAhead = options.maxPagesAhead ?? 4;
  let failure: { error: unknown } | undefined;
  // Per consumer, the links of its chain (one per page fed) and how many have settled. Each link
  // handles its own error, so no rejection goes unhandled.
  const links: Promise<void>[][] = consumers.map(() => []);
  const settled = consumers.map(() => 0);
  const feed = (page: readonly RecordedEvent[]) =>
    consumers.forEach((consume, i) => {
      const previous = links[i]!.at(-1) ?? Promise.resolve();
      links[i]!.push(
        previous.then(async () => {
          try {
            if (!failure) await consume(page);
          } catch (error) {
            failure ??= { error };
          } finally {
            settled[i]!++;
          }
        }),
      );
    });
  const read = (after: GlobalPosition) => store.readAll({ after, maxCount: pageSize });
  let next: Promise<RecordedEvent[]> | undefined = read(options.after);
  try {
    for (let reading = next; !failure; reading = next) {
      const page = await reading;
      next = undefined;
      const batch = until === undefined ? page : page.filter((event) => event.position <= until);
      if (batch.length > 0) feed(batch);
      if (batch.length < pageSize) break;
      next = read(batch[batch.length - 1]!.position);
      // Back pressure: no consumer more than maxPagesAhead pages behind the read.
      for (let i = 0; i < consumers.length; i++) {
        while (links[i]!.length - settled[i]! > maxPagesAhead) await links[i]![settled[i]!];
      }
    }
  } finally {
    // A failure leaves the prefetch behind: its rejection must not go unhandled.
    await next?.catch(() => undefined);
    await Promise.all(links.map((chain) => chain.at(-1)));
  }
  if (failure) throw failure.error;
}
