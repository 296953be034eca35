import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  PostgresEventStore,
  WrongExpectedRevisionError,
  type AppendOptions,
  type EventStore,
  type NewEvent,
} from '#event-store';
import { DomainError, type Command, type Decider, type DomainEvent, type Role } from '#domain';
import { systemClock } from '#event-store';
import { deterministicId, loadDecisionState, type CommandMetadata, type Upcasters } from '#platform';
import type { Aggregate } from './aggregate.ts';
import { CommandGateway } from './command-gateway.ts';
import { NotFoundError } from './not-found-error.ts';

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

type Counter = Aggregate<string, CounterCommand, CounterState, CounterEvent>;

interface Run {
  readonly streamId: string;
  readonly decider: Decider<CounterCommand, CounterState, CounterEvent>;
  readonly command: CounterCommand;
  readonly metadata: CommandMetadata;
  readonly schemaVersions?: Readonly<Record<string, number>>;
  readonly upcasters?: Upcasters;
  readonly eventIdSeed?: string;
  readonly counter?: Partial<Counter>;
}

/** A gateway with one aggregate, the counter on `streamId`, sending one command through it. */
function send(store: EventStore, run: Run) {
  const counter: Counter = {
    streamIdOf: (key) => key,
    decider: run.decider,
    noun: 'counter',
    ...(run.schemaVersions ? { schemaVersions: run.schemaVersions } : {}),
    ...(run.upcasters ? { upcasters: run.upcasters } : {}),
    ...run.counter,
  };
  return new CommandGateway(store, { counter }).send('counter', run.streamId, run.command, {
    metadata: run.metadata,
    ...(run.eventIdSeed === undefined ? {} : { eventIdSeed: run.eventIdSeed }),
  });
}

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

describe('CommandGateway (real PostgreSQL event store)', () => {
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
    const first = await send(store, {
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
    const second = await send(store, {
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
    // A seed new on every run: the test database outlives a run, and an id is stored once.
    const seed = `seed-${streamId}`;
    await send(store, {
      streamId,
      decider: counterDecider(),
      command: add(1, { actor: { id: 'sys-rollover', role: 'system' }, reason: '年度更新' }),
      metadata: { correlationId: 'job-run-7', causationId: 'cmd-9', requestId: 'req-77' },
      schemaVersions: { Added: 3 },
      eventIdSeed: seed,
    });
    const stored = await store.readStream(streamId);
    expect(stored.map((e) => e.id)).toEqual([0, 1].map((index) => deterministicId(seed, 'Added', index)));
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
    await send(store, { streamId: plain, decider: counterDecider(), command: add(1), metadata });
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
      send(held, { streamId, decider, command: add(1), metadata }),
      send(held, { streamId, decider, command: add(10), metadata }),
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
      send(held, { streamId, decider: counterDecider(), command: add(6, {}, 10), metadata }),
      send(held, { streamId, decider: counterDecider(), command: add(7, {}, 10), metadata }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('retries only once: a second conflict is thrown, never overwritten', async () => {
    const streamId = streamName();
    await send(store, { streamId, decider: counterDecider(), command: add(1), metadata });
    const seen: number[] = [];
    // Another writer slips an event in before every append of ours.
    const contended = Object.assign(Object.create(store) as EventStore, {
      async append(id: string, events: readonly NewEvent[], options: AppendOptions) {
        await send(store, { streamId, decider: counterDecider(), command: add(100), metadata });
        return store.append(id, events, options);
      },
    });
    await expect(
      send(contended, { streamId, decider: counterDecider(seen), command: add(1), metadata }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(seen).toEqual([1, 101]);
    const stored = await store.readStream(streamId);
    expect(stored.map((e) => (e.data as { by: number }).by)).toEqual([1, 0, 100, 0, 100, 0]);
  });

  it('a decider error appends nothing', async () => {
    const streamId = streamName();
    await send(store, { streamId, decider: counterDecider(), command: add(5), metadata });
    await expect(
      send(store, { streamId, decider: counterDecider(), command: add(9, {}, 10), metadata }),
    ).rejects.toMatchObject({ code: 'INVALID_AMOUNT_INPUT' });
    expect(await store.readStream(streamId)).toHaveLength(2);
    const empty = streamName();
    await expect(
      send(store, {
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
    expect(await send(store, { streamId, decider: quiet, command: add(1), metadata })).toEqual({
      events: [],
      eventIds: [],
      nextRevision: 'no_stream',
      position: '0',
      state: { total: 0 },
    });
    const written = await send(store, {
      streamId,
      decider: counterDecider(),
      command: add(1),
      metadata,
    });
    const again = await send(store, { streamId, decider: quiet, command: add(1), metadata });
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
    const outcome = await send(store, {
      streamId,
      decider: counterDecider(),
      command: add(4),
      metadata,
      upcasters,
      schemaVersions: { Added: 2 },
    });
    expect(outcome.events[0]!.data).toEqual({ by: 4, total: 7 });
  });

  it('returns the state after the new events, read from the stream once', async () => {
    const streamId = streamName();
    await send(store, { streamId, decider: counterDecider(), command: add(2), metadata });
    let reads = 0;
    const counted = Object.assign(Object.create(store) as EventStore, {
      readStream(...args: Parameters<EventStore['readStream']>) {
        reads += 1;
        return store.readStream(...args);
      },
    });
    const result = await send(counted, { streamId, decider: counterDecider(), command: add(5), metadata });
    expect(result.state).toEqual({ total: 7 });
    expect(result.nextRevision).toBe(3);
    expect(reads).toBe(1);
  });

  it('refuses a role the policy does not list before reading anything, and notes nothing appended', async () => {
    const streamId = streamName();
    const rolesOf = (): readonly Role[] => ['approver'];
    await expect(
      send(store, { streamId, decider: counterDecider(), command: add(1), metadata, counter: { rolesOf } }),
    ).rejects.toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
      details: { field: 'actor.role', value: 'caseworker' },
    });
    expect(await store.readStream(streamId)).toEqual([]);
  });

  it("answers another's instance exactly as a missing one (NotFoundError, outOfScope noted)", async () => {
    const streamId = streamName();
    const scoped: Partial<Counter> = { scopeOf: () => ({ municipalityCode: '131016' }), startedBy: ['Add'] };
    await send(store, { streamId, decider: counterDecider(), command: add(1), metadata, counter: scoped });
    const outsider = { id: 'muni-9', role: 'municipality' as const, municipalityCode: '132012' };
    const refused = send(store, {
      streamId,
      decider: counterDecider(),
      command: add(1, { actor: outsider }),
      metadata,
      counter: scoped,
    });
    await expect(refused).rejects.toBeInstanceOf(NotFoundError);
    await expect(refused).rejects.toMatchObject({
      outOfScope: true,
      message: 'no such counter, or not yours to see',
    });
    const insider = { ...outsider, municipalityCode: '131016' };
    const accepted = await send(store, {
      streamId,
      decider: counterDecider(),
      command: add(1, { actor: insider }),
      metadata,
      counter: scoped,
    });
    expect(accepted.state).toEqual({ total: 2 });
    // A command that does not start an instance, on a missing one: not found, not in scope either way.
    const notStarted: Partial<Counter> = { startedBy: [] };
    await expect(
      send(store, {
        streamId: streamName(),
        decider: counterDecider(),
        command: add(1),
        metadata,
        counter: notStarted,
      }),
    ).rejects.toMatchObject({ outOfScope: false });
  });

  it('completes a command from the state it read before deciding (lookups by key)', async () => {
    const streamId = streamName();
    await send(store, { streamId, decider: counterDecider(), command: add(3), metadata });
    const completedWith: number[] = [];
    const complete = (command: CounterCommand, state: CounterState) => {
      completedWith.push(state.total);
      return Promise.resolve({ ...command, data: { by: state.total } });
    };
    const result = await send(store, {
      streamId,
      decider: counterDecider(),
      command: add(100),
      metadata,
      counter: { complete },
    });
    expect(completedWith).toEqual([3]);
    expect(result.state).toEqual({ total: 6 });
  });
});
