import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { v7 as uuidv7 } from 'uuid';
import { CommandBus, CommandHandler, CqrsModule } from '@nestjs/cqrs';
import {
  PostgresEventStore,
  WrongExpectedRevisionError,
  type AppendOptions,
  type EventStore,
  type NewEvent,
} from '#event-store';
import { DomainError, type Command, type Decider, type DomainEvent } from '#domain';
import { systemClock } from '#event-store';
import { EVENT_STORE } from '../infrastructure-tokens.ts';
import { deterministicId } from '../deterministic-id.ts';
import { DeciderCommandHandler, DomainCommandMessage } from './decider-command-handler.ts';
import { handleCommand } from './handle-command.ts';
import { loadDecisionState } from './load-decision-state.ts';

// A tiny counter: "add" refuses to pass a limit, and records the total it saw, so a test can tell
// which state a decision was made on.
type CounterCommand = Command<'Add', { readonly by: number; readonly limit?: number }>;
type CounterEvent = DomainEvent<'Added', { readonly by: number; readonly total: number }>;
interface CounterState {
  readonly total: number;
}

function counterDecider(seen: number[] = []): Decider<CounterCommand, CounterState, CounterEvent> {
  return {
    initialState: { total: 0 },
    decide(command, state) {
      seen.push(state.total);
      const total = state.total + command.data.by;
      if (command.data.limit !== undefined && total > command.data.limit) {
        throw new DomainError('INVALID_AMOUNT_INPUT', {
          field: 'by',
          value: command.data.by,
          reason: `the total would pass ${command.data.limit}`,
          expected: `at most ${command.data.limit - state.total}`,
        });
      }
      return [
        { type: 'Added', data: { by: command.data.by, total } },
        { type: 'Added', data: { by: 0, total } },
      ];
    },
    evolve: (_state, event) => ({ total: event.data.total }),
  };
}

const add = (by: number, extra: Partial<CounterCommand> = {}, limit?: number): CounterCommand => ({
  type: 'Add',
  data: limit === undefined ? { by } : { by, limit },
  actor: { id: 'staff-0042', role: 'caseworker' },
  at: new Date('2026-04-01T00:00:00Z'),
  ...extra,
});

const metadata = { correlationId: 'req-1' };
let sequence = 0;
const streamName = (): string => `counter-${Date.now().toString(36)}${(sequence++).toString(36)}`;

/**
 * The real store, with its appends held until `parties` appends are waiting: every concurrent command
 * has loaded its state before any of them writes. Only the timing is changed, never the store's answer.
 */
function appendsHeldTogether(store: EventStore, parties: number): EventStore {
  const waiting: (() => void)[] = [];
  let held = 0;
  return Object.assign(Object.create(store) as EventStore, {
    async append(streamId: string, events: readonly NewEvent[], options: AppendOptions) {
      if (held < parties) {
        held++;
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === parties) for (const release of waiting) release();
        });
      }
      return store.append(streamId, events, options);
    },
  });
}

describe('handleCommand (real PostgreSQL event store)', () => {
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await PostgresEventStore.open({
      connectionString: process.env.DATABASE_URL!,
      clock: systemClock,
    });
  });
  afterAll(async () => store?.close());

  it('appends the decided events with the loaded revision and returns revision and position', async () => {
    const streamId = streamName();
    const first = await handleCommand(store, {
      streamId,
      decider: counterDecider(),
      command: add(2),
      metadata,
    });
    expect(first.nextRevision).toBe(1);
    expect(first.events).toEqual([
      { type: 'Added', data: { by: 2, total: 2 } },
      { type: 'Added', data: { by: 0, total: 2 } },
    ]);
    const second = await handleCommand(store, {
      streamId,
      decider: counterDecider(),
      command: add(3),
      metadata,
    });
    expect(second.nextRevision).toBe(3);
    expect(typeof second.position).toBe('string');
    expect(BigInt(second.position)).toBeGreaterThan(BigInt(first.position));
    const stored = await store.readStream(streamId);
    expect(stored.map((e) => e.data)).toEqual([
      { by: 2, total: 2 },
      { by: 0, total: 2 },
      { by: 3, total: 5 },
      { by: 0, total: 5 },
    ]);
    expect(stored[3]!.position.toString()).toBe(second.position);
    expect(stored.map((e) => e.id)).toEqual([...first.eventIds, ...second.eventIds]);
    for (const id of second.eventIds) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUIDv7
  });

  it('stores the metadata as given, the schema versions from the map and deterministic ids', async () => {
    const streamId = streamName();
    // Given ids, new on every run: the test database outlives a run, and an id is stored once.
    const ids = [uuidv7(), uuidv7()];
    await handleCommand(store, {
      streamId,
      decider: counterDecider(),
      command: add(1, { actor: { id: 'sys-rollover', role: 'system' }, reason: '年度更新' }),
      metadata: { correlationId: 'job-run-7', causationId: 'cmd-9', requestId: 'req-77' },
      schemaVersions: { Added: 3 },
      eventIds: (_event, index) => ids[index]!,
    });
    const stored = await store.readStream(streamId);
    expect(stored.map((e) => e.id)).toEqual(ids);
    for (const event of stored) {
      expect(event.schemaVersion).toBe(3);
      expect(event.metadata).toEqual({
        actorId: 'sys-rollover',
        actorRole: 'system',
        correlationId: 'job-run-7',
        causationId: 'cmd-9',
        reason: '年度更新',
        requestId: 'req-77',
      });
    }
    // Absent optional fields are absent, not undefined.
    const plain = streamName();
    await handleCommand(store, { streamId: plain, decider: counterDecider(), command: add(1), metadata });
    const [event] = await store.readStream(plain);
    expect(event!.metadata).toEqual({
      actorId: 'staff-0042',
      actorRole: 'caseworker',
      correlationId: 'req-1',
    });
    expect(event!.schemaVersion).toBe(1);
  });

  it('two concurrent commands on one stream: one wins, the other re-decides on the fresh state', async () => {
    const streamId = streamName();
    const seen: number[] = [];
    const held = appendsHeldTogether(store, 2);
    const decider = counterDecider(seen);
    const results = await Promise.all([
      handleCommand(held, { streamId, decider, command: add(1), metadata }),
      handleCommand(held, { streamId, decider, command: add(10), metadata }),
    ]);
    // Both decided on the empty stream, then the loser decided again on the winner's total.
    expect(seen.slice(0, 2)).toEqual([0, 0]);
    expect(seen.length).toBe(3);
    expect([1, 10]).toContain(seen[2]);
    const stored = await store.readStream(streamId);
    expect(stored.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    expect(stored[3]!.data).toEqual({ by: 0, total: 11 });
    expect(results.map((r) => r.nextRevision).sort()).toEqual([1, 3]);
  });

  it('the re-decision may refuse: the loser of a race past a limit appends nothing', async () => {
    const streamId = streamName();
    const held = appendsHeldTogether(store, 2);
    const outcomes = await Promise.allSettled([
      handleCommand(held, { streamId, decider: counterDecider(), command: add(6, {}, 10), metadata }),
      handleCommand(held, { streamId, decider: counterDecider(), command: add(7, {}, 10), metadata }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('retries only once: a second conflict is thrown, never overwritten', async () => {
    const streamId = streamName();
    await handleCommand(store, { streamId, decider: counterDecider(), command: add(1), metadata });
    const seen: number[] = [];
    // Another writer slips an event in before every append of ours.
    const contended = Object.assign(Object.create(store) as EventStore, {
      async append(id: string, events: readonly NewEvent[], options: AppendOptions) {
        await handleCommand(store, { streamId, decider: counterDecider(), command: add(100), metadata });
        return store.append(id, events, options);
      },
    });
    await expect(
      handleCommand(contended, { streamId, decider: counterDecider(seen), command: add(1), metadata }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(seen).toEqual([1, 101]);
    const stored = await store.readStream(streamId);
    expect(stored.map((e) => (e.data as { by: number }).by)).toEqual([1, 0, 100, 0, 100, 0]);
  });

  it('a decider error appends nothing', async () => {
    const streamId = streamName();
    await handleCommand(store, { streamId, decider: counterDecider(), command: add(5), metadata });
    await expect(
      handleCommand(store, { streamId, decider: counterDecider(), command: add(9, {}, 10), metadata }),
    ).rejects.toMatchObject({ code: 'INVALID_AMOUNT_INPUT' });
    expect(await store.readStream(streamId)).toHaveLength(2);
    const empty = streamName();
    await expect(
      handleCommand(store, {
        streamId: empty,
        decider: counterDecider(),
        command: add(11, {}, 10),
        metadata,
      }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await store.readStream(empty)).toEqual([]);
  });

  it('a decision of no events appends nothing and returns the current revision and position', async () => {
    const streamId = streamName();
    const quiet: Decider<CounterCommand, CounterState, CounterEvent> = {
      ...counterDecider(),
      decide: () => [],
    };
    expect(await handleCommand(store, { streamId, decider: quiet, command: add(1), metadata })).toEqual({
      events: [],
      eventIds: [],
      nextRevision: 'no_stream',
      position: '0',
    });
    const written = await handleCommand(store, {
      streamId,
      decider: counterDecider(),
      command: add(1),
      metadata,
    });
    const again = await handleCommand(store, { streamId, decider: quiet, command: add(1), metadata });
    expect(again).toMatchObject({ nextRevision: 1, position: written.position });
  });

  it('upcasts stored events of older schema versions before folding', async () => {
    const streamId = streamName();
    // Version 1 of Added stored the amount as `amount`, without the total.
    await store.append(
      streamId,
      [1, 2].map((amount) => ({
        type: 'Added',
        schemaVersion: 1,
        data: { amount },
        metadata: { actorId: 'a', actorRole: 'caseworker', correlationId: 'c' },
      })),
      { expectedRevision: 'no_stream' },
    );
    let running = 0;
    const upcasters = {
      Added: (data: unknown, version: number): unknown => {
        if (version >= 2) return data;
        const by = (data as { amount: number }).amount;
        running += by;
        return { by, total: running };
      },
    };
    const loaded = await loadDecisionState(store, streamId, counterDecider(), upcasters);
    expect(loaded).toEqual({ state: { total: 3 }, revision: 1, position: expect.any(BigInt) });
    running = 0;
    const outcome = await handleCommand(store, {
      streamId,
      decider: counterDecider(),
      command: add(4),
      metadata,
      upcasters,
      schemaVersions: { Added: 2 },
    });
    expect(outcome.events[0]!.data).toEqual({ by: 4, total: 7 });
  });

  it('runs on @nestjs/cqrs: a DeciderCommandHandler answers the CommandBus with the outcome', async () => {
    class AddToCounter extends DomainCommandMessage<CounterCommand, CounterEvent> {}
    const streamId = streamName();

    @CommandHandler(AddToCounter)
    class AddToCounterHandler extends DeciderCommandHandler<
      AddToCounter,
      CounterCommand,
      CounterState,
      CounterEvent
    > {
      protected readonly decider = counterDecider();
      protected override readonly schemaVersions = { Added: 2 };
      protected streamIdOf(): string {
        return streamId;
      }
    }

    const moduleRef = await Test.createTestingModule({
      imports: [CqrsModule.forRoot()],
      providers: [{ provide: EVENT_STORE, useValue: store }, AddToCounterHandler],
    }).compile();
    await moduleRef.init();
    try {
      const outcome = await moduleRef
        .get(CommandBus)
        .execute(new AddToCounter(add(8), { correlationId: 'bus' }));
      expect(outcome.nextRevision).toBe(1);
      expect(outcome.events[0]).toEqual({ type: 'Added', data: { by: 8, total: 8 } });
      const [stored] = await store.readStream(streamId);
      expect(stored).toMatchObject({ schemaVersion: 2, metadata: { correlationId: 'bus' } });
      expect(stored!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/); // UUIDv7 unless a seed is given

      // With an event-id seed (a simulation replaying its scenario) the ids derive from the seed.
      const seeded = await moduleRef
        .get(CommandBus)
        .execute(new AddToCounter(add(2), { correlationId: 'bus' }, `seed-${streamId}`));
      expect(seeded.eventIds).toEqual(
        seeded.events.map((event, index) => deterministicId(`seed-${streamId}`, event.type, index)),
      );
      expect((await store.readStream(streamId)).slice(-2).map((e) => e.id)).toEqual(seeded.eventIds);
    } finally {
      await moduleRef.close();
    }
  });
});
