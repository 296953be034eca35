import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  appendStatement,
  CatchUpSubscription,
  handledCheckpoint,
  EventStoreError,
  findFirstChainBreak,
  IdempotencyConflictError,
  migrateEventStore,
  openEventStore,
  PostgresCheckpointStore,
  PostgresEventStore,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { systemClock } from '#platform';
import {
  readModelDatabaseUrl,
  uniqueCategory,
  type EventStoreTarget,
} from '../support/event-store-targets.ts';

const meta = { actorId: 'user-1', actorRole: 'caseworker', correlationId: 'corr-1' };

export function event(type: string, data: unknown = {}, id?: string): NewEvent {
  return { id: id ?? uuidv7(), type, data, metadata: meta };
}

function events(n: number, prefix = 'Thing'): NewEvent[] {
  return Array.from({ length: n }, (_, i) => event(`${prefix}Happened`, { i }));
}

/** Reads the stable log after `after` to its end, in pages of `pageSize`. */
export async function readAllAfter(
  store: EventStore,
  after: bigint,
  pageSize = 1000,
): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let position = after;
  for (;;) {
    const page = await store.readAll({ after: position, maxCount: pageSize });
    all.push(...page);
    if (page.length < pageSize) return all;
    position = page[page.length - 1]!.position;
  }
}

function checkpointUrlFor(target: EventStoreTarget): string {
  return target.kind === 'postgresql' ? target.url : readModelDatabaseUrl();
}

/** The contract every adapter must meet, run once per reachable store. */
export function describeEventStoreContract(target: EventStoreTarget): void {
  describe(`event store contract: ${target.label}`, () => {
    let store: EventStore;
    let category: string;
    const stream = (id: string): string => `${category}-${id}`;

    beforeAll(async () => {
      store = await openEventStore({ kind: target.kind, url: target.url, clock: systemClock });
      category = uniqueCategory('contract');
    });
    afterAll(async () => store.close());

    describe('appending and reading', () => {
      it('numbers a stream from revision 0 and keeps the order of appends', async () => {
        const first = await store.append(stream('order'), events(3), { expectedRevision: 'no_stream' });
        const second = await store.append(stream('order'), events(2), { expectedRevision: 2 });
        expect(first.nextRevision).toBe(2);
        expect(second.nextRevision).toBe(4);
        expect(second.position > first.position).toBe(true);
        const read = await store.readStream(stream('order'));
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(read.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 0, 1]);
        expect(read[4]!.position).toBe(second.position);
      });

      it('reads a stream backwards, from a revision, and at most maxCount events', async () => {
        await store.append(stream('paging'), events(5), { expectedRevision: 'no_stream' });
        const back = await store.readStream(stream('paging'), { direction: 'backwards', maxCount: 2 });
        expect(back.map((e) => e.revision)).toEqual([4, 3]);
        const from = await store.readStream(stream('paging'), { fromRevision: 3 });
        expect(from.map((e) => e.revision)).toEqual([3, 4]);
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      it('reads many streams at once: each as readStream reads it, at most maxCount, [] when empty', async () => {
        await store.append(stream('many-a'), events(3), { expectedRevision: 'no_stream' });
        await store.append(stream('many-b'), events(1), { expectedRevision: 'no_stream' });
        const ids = [stream('many-b'), stream('many-none'), stream('many-a'), stream('many-b')];
        const read = await store.readStreams(ids);
        expect([...read.keys()]).toEqual([stream('many-b'), stream('many-none'), stream('many-a')]);
        expect(read.get(stream('many-a'))).toEqual(await store.readStream(stream('many-a')));
        expect(read.get(stream('many-b'))).toEqual(await store.readStream(stream('many-b')));
        expect(read.get(stream('many-none'))).toEqual([]);
        const first = await store.readStreams([stream('many-a')], { maxCount: 2 });
        expect(first.get(stream('many-a'))!.map((e) => e.revision)).toEqual([0, 1]);
        expect(await store.readStreams([])).toEqual(new Map());
        await expect(store.readStreams([stream('many-a'), 'nocategory'])).rejects.toMatchObject({
          code: 'INVALID_STREAM_ID',
        });
      });

      it('reads the whole log and a category in global order', async () => {
        const head = await store.headPosition();
        await store.append(stream('a'), events(2), { expectedRevision: 'no_stream' });
        await store.append(`other${category}-x`, events(1), { expectedRevision: 'no_stream' });
        await store.append(stream('b'), events(2), { expectedRevision: 'no_stream' });
        const all = await readAllAfter(store, head, 2);
        const mine = all.filter((e) => e.streamId.includes(category));
        expect(mine.map((e) => e.streamId)).toEqual([
          stream('a'),
          stream('a'),
          `other${category}-x`,
          stream('b'),
          stream('b'),
        ]);
        expect(isStrictlyIncreasing(all.map((e) => e.position))).toBe(true);
        const inCategory = await store.readCategory(category, { after: head });
        expect(inCategory.map((e) => e.streamId)).toEqual([
          stream('a'),
          stream('a'),
          stream('b'),
          stream('b'),
        ]);
      });

      it("reads every committed event of a category with consistency 'committed', in position order, page by page", async () => {
        const head = await store.headPosition();
        await store.append(stream('c1'), events(3), { expectedRevision: 'no_stream' });
        await store.append(`other${category}-y`, events(1), { expectedRevision: 'no_stream' });
        await store.append(stream('c2'), events(2), { expectedRevision: 'no_stream' });
        const committed: RecordedEvent[] = [];
        for (let after = head; ;) {
          const page = await store.readCategory(category, { after, maxCount: 2, consistency: 'committed' });
          committed.push(...page);
          if (page.length < 2) break;
          after = page[page.length - 1]!.position;
        }
        const mine = committed.filter((e) => e.streamId === stream('c1') || e.streamId === stream('c2'));
        expect(mine.map((e) => [e.streamId, e.revision])).toEqual([
          [stream('c1'), 0],
          [stream('c1'), 1],
          [stream('c1'), 2],
          [stream('c2'), 0],
          [stream('c2'), 1],
        ]);
        expect(committed.every((e) => e.streamId.startsWith(`${category}-`))).toBe(true);
        expect(isStrictlyIncreasing(committed.map((e) => e.position))).toBe(true);
      });

      if (target.kind === 'postgresql') {
        it("sees an event committed while another transaction is held open with consistency 'committed' (category and whole log); the stable reads wait for that transaction", async () => {
          const head = await store.headPosition();
          const held = new pg.Client({ connectionString: target.url });
          await held.connect();
          let open = false;
          try {
            // An appending transaction, still running: the stable prefix stops below it.
            await held.query('BEGIN');
            open = true;
            const inFlight = event('ThingHappened', { held: true });
            await held.query(appendStatement(stream('held'), [inFlight], 'no_stream', new Date()));

            // Appended and committed on a third connection (the store's pool) after the held one began.
            const late = event('ThingHappened', { late: true });
            const appended = await store.append(stream('late'), [late], { expectedRevision: 'no_stream' });

            const committed = await store.readCategory(category, { after: head, consistency: 'committed' });
            expect(committed.map((e) => e.id)).toContain(late.id);
            expect(committed.map((e) => e.id)).not.toContain(inFlight.id); // not committed yet
            expect(committed.find((e) => e.id === late.id)?.position).toBe(appended.position);

            const stable = await store.readCategory(category, { after: head });
            expect(stable.map((e) => e.id)).not.toContain(late.id);
            expect((await store.readCategory(category, { after: head, consistency: 'stable' })).length).toBe(
              stable.length,
            );
            expect((await readAllAfter(store, head)).map((e) => e.id)).not.toContain(late.id);
            const wholeLog = (await store.readAll({ after: head, consistency: 'committed' })).map(
              (e) => e.id,
            );
            expect(wholeLog).toContain(late.id);
            expect(wholeLog).not.toContain(inFlight.id);
            expect(await store.headPosition()).toBeLessThan(appended.position);

            await held.query('COMMIT');
            open = false;
            // The held transaction took its position first: committed now, it comes before the late event.
            const after = await store.readCategory(category, { after: head, consistency: 'committed' });
            const ids = after.map((e) => e.id);
            expect(ids.indexOf(inFlight.id!)).toBeGreaterThanOrEqual(0);
            expect(ids.indexOf(inFlight.id!)).toBeLessThan(ids.indexOf(late.id!));
            // The stable read catches up once no older transaction runs (other suites may hold one briefly).
            const deadline = Date.now() + 30_000;
            while ((await store.headPosition()) < appended.position && Date.now() < deadline)
              await store.waitForAppends(100);
            const caughtUp = (await store.readCategory(category, { after: head })).map((e) => e.id);
            expect(caughtUp.filter((id) => id === inFlight.id || id === late.id)).toEqual([
              inFlight.id,
              late.id,
            ]);
          } finally {
            if (open) await held.query('ROLLBACK').catch(() => undefined);
            await held.end();
          }
        });
      }

      it('records the envelope: ids, type, version, metadata, time and a hash', async () => {
        const id = uuidv7();
        const before = Date.now();
        await store.append(
          stream('envelope'),
          [
            {
              id,
              type: 'TrainingCompleted',
              schemaVersion: 2,
              data: { personId: 'p-1' },
              metadata: {
                ...meta,
                causationId: 'cmd-1',
                reason: '修了証を確認',
                requestId: 'req-1',
                source: 'past-cases.csv:12 紙台帳 p.12',
              },
            },
          ],
          { expectedRevision: 'no_stream' },
        );
        const [recorded] = await store.readStream(stream('envelope'));
        expect(recorded).toMatchObject({
          id,
          type: 'TrainingCompleted',
          schemaVersion: 2,
          revision: 0,
          data: { personId: 'p-1' },
        });
        expect(recorded!.metadata).toMatchObject({
          ...meta,
          causationId: 'cmd-1',
          reason: '修了証を確認',
          requestId: 'req-1',
          source: 'past-cases.csv:12 紙台帳 p.12',
        });
        expect(recorded!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
        expect(recorded!.hash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('keeps Japanese text, full-width digits and emoji exactly', async () => {
        const data = {
          name: '在宅療養移行体制確保事業',
          era: '令和７年度',
          note: '𠮷野家 🏥 ｶﾀｶﾅ',
          nested: { 補助率: '10/10' },
        };
        await store.append(stream('japanese'), [event('ApplicationSubmitted', data)], {
          expectedRevision: 'no_stream',
        });
        const [recorded] = await store.readStream(stream('japanese'));
        expect(recorded!.data).toEqual(data);
      });

      it('stores and returns a 1 MB event', async () => {
        const big = { blob: 'あ'.repeat(350_000) }; // ~1 MB of UTF-8
        await store.append(stream('big'), [event('DocumentAttached', big)], {
          expectedRevision: 'no_stream',
        });
        const [recorded] = await store.readStream(stream('big'));
        expect((recorded!.data as typeof big).blob.length).toBe(350_000);
      });
    });

    describe('optimistic concurrency', () => {
      it('refuses a wrong expected revision, naming expected and actual', async () => {
        await store.append(stream('wer'), events(2), { expectedRevision: 'no_stream' });
        const attempts: Array<[unknown, unknown]> = [
          ['no_stream', 1],
          [0, 1],
          [5, 1],
        ];
        for (const [expected, actual] of attempts) {
          const error = await store
            .append(stream('wer'), events(1), { expectedRevision: expected as number })
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', expected, actual });
          expect((error as Error).message).toContain(`expected revision ${String(expected)}`);
        }
        const missing = await store
          .append(stream('nothing-here'), events(1), { expectedRevision: 'stream_exists' })
          .catch((e: unknown) => e);
        expect(missing).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', actual: 'no_stream' });
        expect(await store.readStream(stream('wer'))).toHaveLength(2);
        expect(await store.readStream(stream('nothing-here'))).toHaveLength(0);
      });

      it('accepts any and stream_exists when they hold', async () => {
        await store.append(stream('any'), events(1), { expectedRevision: 'any' });
        await store.append(stream('any'), events(1), { expectedRevision: 'stream_exists' });
        await store.append(stream('any'), events(1), { expectedRevision: 'any' });
        expect((await store.readStream(stream('any'))).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('lets exactly one of 16 concurrent writers with the same expected revision win', async () => {
        await store.append(stream('race'), events(1), { expectedRevision: 'no_stream' });
        const results = await Promise.allSettled(
          Array.from({ length: 16 }, () => store.append(stream('race'), events(3), { expectedRevision: 0 })),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.every((r) => r.reason instanceof WrongExpectedRevisionError)).toBe(true);
        expect(await store.readStream(stream('race'))).toHaveLength(4);
      });

      it('lets exactly one of 8 concurrent creators of a new stream win', async () => {
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, () =>
            store.append(stream('create-race'), events(2), { expectedRevision: 'no_stream' }),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream('create-race'))).toHaveLength(2);
      });
    });

    describe('retries and atomicity', () => {
      it('treats a retried append with the same event ids as a success that writes nothing', async () => {
        const batch = events(3);
        const first = await store.append(stream('retry'), batch, { expectedRevision: 'no_stream' });
        const retry = await store.append(stream('retry'), batch, { expectedRevision: 'no_stream' });
        expect(first.alreadyStored).toBe(false);
        expect(retry).toEqual({ ...first, alreadyStored: true });
        const anyRetry = await store.append(stream('retry'), batch, { expectedRevision: 'any' });
        expect(anyRetry.alreadyStored).toBe(true);
        expect(await store.readStream(stream('retry'))).toHaveLength(3);
      });

      it('refuses an event id already stored elsewhere, writing nothing of the batch', async () => {
        const stored = event('ThingHappened');
        await store.append(stream('idem-a'), [stored], { expectedRevision: 'no_stream' });
        const error = await store
          .append(stream('idem-b'), [event('ThingHappened'), stored], { expectedRevision: 'no_stream' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(IdempotencyConflictError);
        expect(await store.readStream(stream('idem-b'))).toHaveLength(0);
      });

      it('writes nothing of a batch when one event is invalid', async () => {
        const error = await store
          .append(stream('atomic'), [event('ThingHappened'), event('ThingHappened', { bad: Number.NaN })], {
            expectedRevision: 'no_stream',
          })
          .catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'INVALID_EVENT' });
        expect((error as Error).message).toContain('events[1].data.bad');
        expect(await store.readStream(stream('atomic'))).toHaveLength(0);
      });
    });

    describe('tags: an index of events by key, written by the append', () => {
      const tagged = (type: string, tags: readonly string[], data: unknown = {}): NewEvent => ({
        ...event(type, data),
        tags,
      });
      const tag = (name: string): string => `${category}:${name}`;

      it('finds exactly the events carrying a tag, across streams, in position order', async () => {
        const institution = tag('institution:H1');
        const other = tag('institution:H2');
        const a = [
          tagged('TrainingCompleted', [institution, tag('due:2026-12-01')], { n: 1 }),
          event('ThingHappened', { n: 2 }),
          tagged('TrainingCompleted', [other], { n: 3 }),
        ];
        const b = [tagged('TrainingCompleted', [institution, other], { n: 4 })];
        const c = [event('ThingHappened', { n: 5 }), tagged('GrantDecided', [institution], { n: 6 })];
        await store.append(stream('tag-a'), a, { expectedRevision: 'no_stream' });
        await store.append(stream('tag-b'), b, { expectedRevision: 'no_stream' });
        await store.append(`other${category}-tag-c`, c, { expectedRevision: 'no_stream' });

        const found = await store.readByTag(institution);
        expect(found.map((e) => (e.data as { n: number }).n)).toEqual([1, 4, 6]);
        expect(found.map((e) => e.streamId)).toEqual([
          stream('tag-a'),
          stream('tag-b'),
          `other${category}-tag-c`,
        ]);
        expect(isStrictlyIncreasing(found.map((e) => e.position))).toBe(true);
        expect((await store.readByTag(other)).map((e) => (e.data as { n: number }).n)).toEqual([3, 4]);
        expect((await store.readByTag(tag('due:2026-12-01'))).map((e) => e.id)).toEqual([a[0]!.id]);

        // Recorded exactly as the stream holds them; the tags are no part of the envelope.
        const [first] = await store.readStream(stream('tag-a'));
        expect(found[0]).toEqual(first);
        expect(found[0]!.metadata).toEqual(meta);
        expect(found[0]).not.toHaveProperty('tags');
      });

      it('pages with after and maxCount', async () => {
        const key = tag('paging');
        const batch = Array.from({ length: 5 }, (_, i) => tagged('ThingHappened', [key], { i }));
        await store.append(stream('tag-page-1'), batch.slice(0, 3), { expectedRevision: 'no_stream' });
        await store.append(stream('tag-page-2'), batch.slice(3), { expectedRevision: 'no_stream' });
        const all = await store.readByTag(key);
        expect(all.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
        const pages: number[][] = [];
        for (let after = 0n; ;) {
          const page = await store.readByTag(key, { after, maxCount: 2 });
          if (page.length === 0) break;
          pages.push(page.map((e) => (e.data as { i: number }).i));
          after = page[page.length - 1]!.position;
        }
        expect(pages).toEqual([[0, 1], [2, 3], [4]]);
        expect(await store.readByTag(key, { after: all[4]!.position })).toEqual([]);
        expect((await store.readByTag(key, { after: all[1]!.position, maxCount: 1 }))[0]!.id).toBe(
          all[2]!.id,
        );
      });

      it('returns [] for a tag nobody used', async () => {
        expect(await store.readByTag(tag('never-used'))).toEqual([]);
      });

      it('collapses duplicate tags and keeps retries idempotent', async () => {
        const key = tag('dup');
        const batch = [tagged('ThingHappened', [key, key, tag('dup-2'), key])];
        await store.append(stream('tag-dup'), batch, { expectedRevision: 'no_stream' });
        const retry = await store.append(stream('tag-dup'), batch, { expectedRevision: 'no_stream' });
        expect(retry.alreadyStored).toBe(true);
        expect((await store.readByTag(key)).map((e) => e.id)).toEqual([batch[0]!.id]);
      });

      it('leaves the content hash and the hash chain as without tags', async () => {
        await store.append(
          stream('tag-hash'),
          [
            tagged('ThingHappened', [tag('hash-1')], { i: 0 }),
            tagged('ThingHappened', [tag('hash-2')], { i: 1 }),
          ],
          { expectedRevision: 'no_stream' },
        );
        await store.append(stream('tag-hash'), [event('ThingHappened', { i: 2 })], { expectedRevision: 1 });
        // The chain recomputed from each event's content alone (no tags) matches what the store wrote.
        const recorded = await store.readStream(stream('tag-hash'));
        expect(recorded).toHaveLength(3);
        expect(findFirstChainBreak(recorded)).toBeUndefined();
      });

      it('writes no tag when the append fails', async () => {
        const key = tag('failed');
        await store.append(stream('tag-failed'), events(1), { expectedRevision: 'no_stream' });
        const error = await store
          .append(stream('tag-failed'), [tagged('ThingHappened', [key])], { expectedRevision: 'no_stream' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readByTag(key)).toEqual([]);
      });

      const invalid: Array<[string, (t: (name: string) => string) => unknown, string]> = [
        [
          'too many tags',
          (t) => Array.from({ length: 33 }, (_, i) => t(`many-${i}`)),
          'events[1].tags: 33 tags exceed the limit of 32',
        ],
        ['an empty tag', (t) => [t('ok'), t('ok-2'), ''], 'events[1].tags[2]: must be a non-empty string'],
        [
          'a tag over 200 UTF-8 bytes',
          () => ['在'.repeat(67)],
          'events[1].tags[0]: 201 UTF-8 bytes exceed the limit of 200',
        ],
        ['a NUL in a tag', () => ['a\u0000b'], 'events[1].tags[0]: may not contain the NUL character'],
        [
          'a lone surrogate in a tag',
          () => ['a\ud800'],
          'events[1].tags[0]: contains a lone UTF-16 surrogate',
        ],
        ['a tag that is not a string', () => [42], 'events[1].tags[0]: must be a non-empty string'],
        ['tags that are not an array', () => 'institution:H1', 'events[1].tags: must be an array'],
      ];
      it.each(invalid)('refuses %s, naming the field, appending nothing', async (_label, tags, message) => {
        const key = tag('valid-neighbour');
        const error = await store
          .append(
            stream('tag-invalid'),
            [tagged('ThingHappened', [key]), { ...event('ThingHappened'), tags: tags(tag) as string[] }],
            { expectedRevision: 'any' },
          )
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EventStoreError);
        expect(error).toMatchObject({ code: 'INVALID_EVENT' });
        expect((error as Error).message).toContain(message);
        expect(await store.readStream(stream('tag-invalid'))).toHaveLength(0);
        expect(await store.readByTag(key)).toEqual([]);
      });

      it('accepts 32 distinct tags of 200 bytes each', async () => {
        const tags = Array.from({ length: 32 }, (_, i) => `${tag(`max-${i}`)}:`.padEnd(200, 'x'));
        const appended = tagged('ThingHappened', tags);
        await store.append(stream('tag-max'), [appended], { expectedRevision: 'no_stream' });
        expect((await store.readByTag(tags[31]!)).map((e) => e.id)).toEqual([appended.id]);
      });

      it('refuses a bad tag or read option on readByTag', async () => {
        for (const [act, mention] of [
          [() => store.readByTag(''), 'tag'],
          [() => store.readByTag('x'.repeat(201)), 'tag'],
          [() => store.readByTag(tag('x'), { maxCount: 0 }), 'maxCount'],
          [() => store.readByTag(tag('x'), { after: -1n }), 'after'],
        ] as const) {
          const error = await act().catch((e: unknown) => e);
          expect(error).toMatchObject({ code: 'INVALID_READ_OPTIONS' });
          expect((error as Error).message).toContain(mention);
        }
      });

      if (target.kind === 'postgresql') {
        it('leaves no tag behind a rolled-back transaction', async () => {
          const key = tag('rolled-back');
          const client = new pg.Client({ connectionString: target.url });
          await client.connect();
          try {
            await client.query('BEGIN');
            await client.query(
              appendStatement(
                stream('tag-rollback'),
                [tagged('ThingHappened', [key])],
                'no_stream',
                new Date(),
              ),
            );
            const { rows } = await client.query<{ n: number }>(
              'SELECT count(*)::integer AS n FROM event_store.event_tags WHERE tag = $1',
              [key],
            );
            expect(rows[0]!.n).toBe(1); // written by the append itself, inside its transaction
            await client.query('ROLLBACK');
          } finally {
            await client.end();
          }
          expect(await store.readByTag(key)).toEqual([]);
          expect(await store.readStream(stream('tag-rollback'))).toEqual([]);
        });

        it('carries tags through a multi-stream append', async () => {
          const key = tag('multi');
          expect(store).toBeInstanceOf(PostgresEventStore);
          await (store as PostgresEventStore).appendToStreams([
            {
              streamId: stream('tag-multi-1'),
              events: [tagged('ThingHappened', [key], { i: 0 })],
              expectedRevision: 'no_stream',
            },
            {
              streamId: stream('tag-multi-2'),
              events: [event('ThingHappened'), tagged('ThingHappened', [key], { i: 1 })],
              expectedRevision: 'no_stream',
            },
          ]);
          expect((await store.readByTag(key)).map((e) => (e.data as { i: number }).i)).toEqual([0, 1]);
        });

        it('backfills tags on stored events with tagEvents, idempotently', async () => {
          const key = tag('backfill');
          const extra = tag('backfill-extra');
          await store.append(stream('tag-backfill'), [...events(3), tagged('ThingHappened', [key])], {
            expectedRevision: 'no_stream',
          });
          const stored = await store.readStream(stream('tag-backfill'));
          const entries = [
            { position: stored[0]!.position, tags: [key] },
            { position: stored[2]!.position, tags: [key, extra, key] },
            { position: stored[3]!.position, tags: [key] }, // already tagged by the append
          ];
          await store.tagEvents(entries);
          await store.tagEvents(entries); // a re-run is no error
          expect((await store.readByTag(key)).map((e) => e.revision)).toEqual([0, 2, 3]);
          expect((await store.readByTag(extra)).map((e) => e.revision)).toEqual([2]);
          await store.tagEvents([]);
          // The events themselves are untouched.
          expect(await store.readStream(stream('tag-backfill'))).toEqual(stored);
        });

        it('refuses tagEvents for a position with no event or with a bad tag, tagging nothing', async () => {
          const key = tag('backfill-refused');
          await store.append(stream('tag-refused'), events(1), { expectedRevision: 'no_stream' });
          const [stored] = await store.readStream(stream('tag-refused'));
          const missing = stored!.position + 1n;
          const unknown = await store
            .tagEvents([
              { position: stored!.position, tags: [key] },
              { position: missing, tags: [key] },
            ])
            .catch((e: unknown) => e);
          expect(unknown).toBeInstanceOf(EventStoreError);
          expect(unknown).toMatchObject({ code: 'UNKNOWN_POSITION', details: { position: String(missing) } });
          expect((unknown as Error).message).toContain(String(missing));

          const bad = await store
            .tagEvents([{ position: stored!.position, tags: [key, ''] }])
            .catch((e: unknown) => e);
          expect(bad).toMatchObject({ code: 'INVALID_EVENT' });
          expect((bad as Error).message).toContain('entries[0].tags[1]');
          const position = await store.tagEvents([{ position: 0n, tags: [key] }]).catch((e: unknown) => e);
          expect((position as Error).message).toContain('entries[0].position');
          expect(await store.readByTag(key)).toEqual([]);
        });
      } else {
        it('refuses tagEvents: events are immutable on this store', async () => {
          await store.append(stream('tag-backfill'), events(1), { expectedRevision: 'no_stream' });
          const [stored] = await store.readStream(stream('tag-backfill'));
          const error = await store
            .tagEvents([{ position: stored!.position, tags: [tag('backfill')] }])
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(EventStoreError);
          expect(error).toMatchObject({ code: 'NOT_SUPPORTED' });
          expect((error as Error).message).toContain('not supported on KurrentDB');
        });
      }
    });

    describe('bad input gets a typed error naming what was wrong and changes nothing', () => {
      const cases: Array<[string, () => Promise<unknown>, string, string]> = [
        [
          'a stream id without a category',
          () => store.append('nocategory', events(1), { expectedRevision: 'any' }),
          'INVALID_STREAM_ID',
          'streamId',
        ],
        [
          'a stream id with spaces',
          () => store.append(`${category}-a b`, events(1), { expectedRevision: 'any' }),
          'INVALID_STREAM_ID',
          '<category>-<id>',
        ],
        [
          'an unknown expected revision',
          () => store.append(stream('x'), events(1), { expectedRevision: 'latest' as never }),
          'INVALID_EXPECTED_REVISION',
          'expectedRevision "latest"',
        ],
        [
          'a negative expected revision',
          () => store.append(stream('x'), events(1), { expectedRevision: -1 }),
          'INVALID_EXPECTED_REVISION',
          'expectedRevision -1',
        ],
        [
          'undefined inside data',
          () =>
            store.append(stream('x'), [event('ThingHappened', { a: undefined })], {
              expectedRevision: 'any',
            }),
          'INVALID_EVENT',
          'events[0].data.a',
        ],
        [
          'a Date inside data',
          () =>
            store.append(stream('x'), [event('ThingHappened', { at: new Date() })], {
              expectedRevision: 'any',
            }),
          'INVALID_EVENT',
          'ISO string',
        ],
        [
          'a bigint inside data',
          () => store.append(stream('x'), [event('ThingHappened', { yen: 1n })], { expectedRevision: 'any' }),
          'INVALID_EVENT',
          'bigint',
        ],
        [
          'a cycle inside data',
          () => {
            const a: Record<string, unknown> = {};
            a.self = a;
            return store.append(stream('x'), [event('ThingHappened', a)], { expectedRevision: 'any' });
          },
          'INVALID_EVENT',
          'circular',
        ],
        [
          'a NUL character',
          () =>
            store.append(stream('x'), [event('ThingHappened', { s: 'a\u0000b' })], {
              expectedRevision: 'any',
            }),
          'INVALID_EVENT',
          'NUL',
        ],
        [
          'a lower-case event type',
          () => store.append(stream('x'), [event('thingHappened')], { expectedRevision: 'any' }),
          'INVALID_EVENT',
          'events[0].type',
        ],
        [
          'an event id that is not a UUID',
          () => store.append(stream('x'), [event('ThingHappened', {}, 'abc')], { expectedRevision: 'any' }),
          'INVALID_EVENT',
          'events[0].id',
        ],
        [
          'missing actor metadata',
          () =>
            store.append(
              stream('x'),
              [
                {
                  type: 'ThingHappened',
                  data: {},
                  metadata: { actorRole: 'x', correlationId: 'c' } as never,
                },
              ],
              { expectedRevision: 'any' },
            ),
          'INVALID_EVENT',
          'metadata.actorId',
        ],
        [
          'an empty batch',
          () => store.append(stream('x'), [], { expectedRevision: 'any' }),
          'INVALID_EVENT',
          'non-empty',
        ],
        [
          'an event over 4 MiB',
          () =>
            store.append(stream('x'), [event('ThingHappened', { blob: 'x'.repeat(4 * 1024 * 1024 + 1) })], {
              expectedRevision: 'any',
            }),
          'EVENT_TOO_LARGE',
          'limit of 4194304 bytes',
        ],
        [
          // 1,400,000 characters (under 4 MiB as characters), 4,200,000+ bytes as UTF-8: 在 is 3 bytes.
          'Japanese text over 4 MiB in UTF-8 bytes, under it in characters',
          () =>
            store.append(stream('x'), [event('ThingHappened', { note: '在'.repeat(1_400_000) })], {
              expectedRevision: 'any',
            }),
          'EVENT_TOO_LARGE',
          'limit of 4194304 bytes',
        ],
        [
          // 9 × 1,300,000 characters: 11.7 M characters, 35.1 MB as UTF-8 (each event 3.9 MB, under 4 MiB).
          'a batch of Japanese text over 32 MiB in UTF-8 bytes, under it in characters',
          () =>
            store.append(
              stream('x'),
              Array.from({ length: 9 }, (_, i) =>
                event('ThingHappened', { i, note: '宅'.repeat(1_300_000) }),
              ),
              { expectedRevision: 'any' },
            ),
          'BATCH_TOO_LARGE',
          'limit of 33554432 bytes per append',
        ],
        ['a zero maxCount', () => store.readAll({ maxCount: 0 }), 'INVALID_READ_OPTIONS', 'maxCount'],
        [
          'an unknown read consistency',
          () => store.readCategory(category, { consistency: 'latest' as never }),
          'INVALID_READ_OPTIONS',
          "consistency latest: expected one of 'stable', 'committed'",
        ],
      ];
      it.each(cases)('%s', async (_label, act, code, mention) => {
        const error = await act().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EventStoreError);
        expect(error).toMatchObject({ code });
        expect((error as Error).message).toContain(mention);
        expect(await store.readStream(stream('x'))).toHaveLength(0);
      });
    });

    describe('catch-up subscription', () => {
      let pool: pg.Pool;
      let checkpoints: PostgresCheckpointStore;
      beforeAll(async () => {
        pool = new pg.Pool({ connectionString: checkpointUrlFor(target), max: 4 });
        checkpoints = new PostgresCheckpointStore(pool);
        await migrateEventStore(pool); // the checkpoints table (a PostgreSQL store has it already)
        await pool.query(`CREATE TABLE IF NOT EXISTS contract_effects (
          subscription text NOT NULL, event_id uuid NOT NULL, position bigint NOT NULL)`);
      });
      afterAll(async () => pool.end());

      it('delivers every event exactly once, in order, live, while 8 writers on separate connections append multi-event batches', async () => {
        const writers = await Promise.all(
          Array.from({ length: 8 }, () =>
            openEventStore({ kind: target.kind, url: target.url, clock: systemClock, poolSize: 2 }),
          ),
        );
        const name = `live-${category}`;
        await checkpoints.reset(name, await store.headPosition());
        const seen: RecordedEvent[] = [];
        const subscription = new CatchUpSubscription({
          name,
          store,
          checkpoint: handledCheckpoint(
            checkpoints,
            name,
            async (batch) => void seen.push(...batch.filter((e) => e.streamId.startsWith(`${category}live`))),
          ),
          batchSize: 7,
          pollIntervalMs: 20,
        });
        subscription.start();
        const written = await Promise.all(
          writers.map(async (writer, w) => {
            const ids: string[] = [];
            for (let i = 0; i < 40; i++) {
              const batch = events(1 + ((i + w) % 4));
              await writer.append(`${category}live-w${w}s${i % 5}`, batch, { expectedRevision: 'any' });
              ids.push(...batch.map((e) => e.id!));
            }
            return ids;
          }),
        );
        const expected = written.flat();
        await waitUntil(() => seen.length >= expected.length, 30_000);
        await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate would arrive now
        expect(subscription.status().state).toBe('live');
        await subscription.stop();
        await Promise.all(writers.map((w) => w.close()));
        expectExactlyOnceInOrder(seen, expected);

        // Replaying the now quiet log from the same starting point with a tiny batch gives the same sequence.
        const replayName = `replay-${category}`;
        await checkpoints.reset(replayName, seen[0]!.position - 1n);
        const replayed: RecordedEvent[] = [];
        const replay = new CatchUpSubscription({
          name: replayName,
          store,
          checkpoint: handledCheckpoint(
            checkpoints,
            replayName,
            async (batch) =>
              void replayed.push(...batch.filter((e) => e.streamId.startsWith(`${category}live`))),
          ),
          batchSize: 3,
          pollIntervalMs: 20,
        });
        replay.start();
        await waitUntil(() => replayed.length >= expected.length, 30_000);
        await replay.stop();
        expect(replayed.map((e) => e.id)).toEqual(seen.map((e) => e.id));
      });

      it('resumes a subscriber killed mid-batch from its checkpoint with no loss and no double effect', async () => {
        const name = `killed-${category}`;
        const killCategory = `${category}kill`;
        await checkpoints.reset(name, await store.headPosition());
        const appended: string[] = [];
        for (let i = 0; i < 60; i++) {
          const batch = events(1 + (i % 5));
          await store.append(`${killCategory}-s${i % 7}`, batch, { expectedRevision: 'any' });
          appended.push(...batch.map((e) => e.id!));
        }
        const args = [target.kind, target.url, checkpointUrlFor(target), name, killCategory, '4'];
        const started: ChildProcess[] = [];
        try {
          for (let kill = 0; kill < 3; kill++) {
            const child = startSubscriber(args);
            started.push(child.process);
            await child.batches(2 + kill);
            child.process.kill('SIGKILL');
            await child.exited;
          }
          const last = startSubscriber(args);
          started.push(last.process);
          await waitUntil(async () => (await effects(pool, name)).length >= appended.length, 50_000);
          last.process.kill('SIGKILL');
          await last.exited;
        } finally {
          // A test that failed or timed out leaves no subscriber behind to keep jest alive.
          for (const child of started)
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }
        const recorded = await effects(pool, name);
        expect(recorded.length).toBe(appended.length);
        expect(new Set(recorded).size).toBe(recorded.length);
        expect(new Set(recorded)).toEqual(new Set(appended));
      });
    });
  });
}

function isStrictlyIncreasing(values: readonly bigint[]): boolean {
  return values.every((v, i) => i === 0 || v > values[i - 1]!);
}

export function expectExactlyOnceInOrder(
  seen: readonly RecordedEvent[],
  expectedIds: readonly string[],
): void {
  const ids = seen.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length); // no duplicates
  expect(new Set(ids)).toEqual(new Set(expectedIds)); // nothing lost, nothing foreign
  expect(isStrictlyIncreasing(seen.map((e) => e.position))).toBe(true); // never reordered
}

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function effects(pool: pg.Pool, name: string): Promise<string[]> {
  const { rows } = await pool.query<{ event_id: string }>(
    'SELECT event_id FROM contract_effects WHERE subscription = $1',
    [name],
  );
  return rows.map((r) => r.event_id);
}

function startSubscriber(args: string[]): {
  process: ChildProcess;
  batches(n: number): Promise<void>;
  exited: Promise<void>;
} {
  const child = spawn(process.execPath, ['dist/test/fixtures/subscriber-process.js', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let count = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    count += chunk
      .toString()
      .split('\n')
      .filter((line) => line.startsWith('batch')).length;
    for (const w of waiters.filter((w) => count >= w.n)) w.resolve();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    process: child,
    exited,
    // Refused after 15 s (the test's finally then kills the subscriber), not left to jest's timeout.
    batches: (n) =>
      Promise.race([
        new Promise<void>((resolve) => (count >= n ? resolve() : waiters.push({ n, resolve }))),
        new Promise<void>((_, reject) =>
          setTimeout(
            () => reject(new Error(`subscriber printed ${count} of ${n} batches in 15 s`)),
            15_000,
          ).unref(),
        ),
      ]),
  };
}
