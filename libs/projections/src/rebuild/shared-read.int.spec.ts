import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GlobalPosition, RecordedEvent } from '#event-store';
import { appendNumbered } from '../testing/projection-test-kit.ts';
import { scratchDatabase, type ScratchDatabase } from '../testing/scratch-database.ts';
import { readShared } from './shared-read.ts';

/** One read of the log for several consumers (the rebuild of all read models), on real PostgreSQL. */
describe('readShared', () => {
  let db: ScratchDatabase;
  let last: GlobalPosition;
  const EVENTS = 1_050;
  const PAGE = 100;

  beforeAll(async () => {
    db = await scratchDatabase('zaitaku_shared_read');
    last = await appendNumbered(db.store, 'shared-read-1', 'SharedTick', 0, EVENTS, 50);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const numbers = (events: readonly RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('gives every consumer every event once, in log order; a slow one holds the read back by at most maxPagesAhead pages', async () => {
    const fast: RecordedEvent[][] = [];
    const slow: RecordedEvent[][] = [];
    let widestGap = 0;
    await readShared({ store: db.store, after: 0n, pageSize: PAGE, maxPagesAhead: 2 }, [
      async (page) => {
        fast.push([...page]);
        widestGap = Math.max(widestGap, fast.length - slow.length);
      },
      async (page) => {
        await pause(20);
        slow.push([...page]);
      },
    ]);
    const all = Array.from({ length: EVENTS }, (_, n) => n);
    expect(numbers(fast.flat())).toEqual(all);
    expect(numbers(slow.flat())).toEqual(all);
    expect(fast.map((page) => page.length)).toEqual([...Array(10).fill(PAGE), 50]);
    // The fast consumer never gets more than the pages queued for the slow one (2) plus the one it works on.
    expect(widestGap).toBeGreaterThan(0);
    expect(widestGap).toBeLessThanOrEqual(3);
  });

  it('reads up to `until` after `after` only', async () => {
    const pages: RecordedEvent[][] = [];
    const events = await db.store.readAll({ after: 0n, maxCount: 1_000 });
    const after = events[99]!.position;
    const until = events[349]!.position;
    await readShared({ store: db.store, after, until, pageSize: PAGE }, [
      async (p) => void pages.push([...p]),
    ]);
    expect(numbers(pages.flat())).toEqual(Array.from({ length: 250 }, (_, i) => 100 + i));
    expect(pages.flat().at(-1)!.position).toBe(until);
    expect(until).toBeLessThan(last);
  });

  it('a failing consumer stops the read and the others at their next page, and its error is thrown', async () => {
    let otherPages = 0;
    const refused = new Error('refused page 3');
    let failingPages = 0;
    await expect(
      readShared({ store: db.store, after: 0n, pageSize: PAGE, maxPagesAhead: 1 }, [
        async () => {
          failingPages++;
          await pause(10);
          if (failingPages === 3) throw refused;
        },
        async () => {
          await pause(30);
          otherPages++;
        },
      ]),
    ).rejects.toBe(refused);
    expect(failingPages).toBe(3);
    expect(otherPages).toBeGreaterThan(0);
    expect(otherPages).toBeLessThan(Math.ceil(EVENTS / PAGE));
  });
});
