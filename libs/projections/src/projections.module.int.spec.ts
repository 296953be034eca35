import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { EVENT_STORE, InfrastructureModule, loadConfig, type RuntimeConfig } from '#platform';
import type { EventStore } from '#event-store';
import type { DataSource } from 'typeorm';
import { ProjectionPositions } from './projection-positions.ts';
import { ProjectionsModule } from './projections.module.ts';
import { READ_MODEL_DATA_SOURCE } from './projections-tokens.ts';
import {
  appendNumbered,
  countingProjector,
  databaseUrl,
  openStore,
  openTestDataSource,
  unique,
} from './testing/projection-test-kit.ts';

function runtimeConfig(): RuntimeConfig {
  const config = loadConfig({
    DATABASE_URL: databaseUrl(),
    REDIS_URL: process.env.REDIS_URL,
    LOG_LEVEL: 'error',
  });
  return { ...config, databaseUrl: databaseUrl(), embeddedDatabase: false };
}

describe('ProjectionsModule (Nest, real PostgreSQL)', () => {
  it('runs the projectors in the worker; the api waits for a position and reads the status', async () => {
    const setup = await openTestDataSource(); // the test tables of the counting projector
    await setup.destroy();
    const probe = await openStore();
    const startPosition = await probe.headPosition(); // not the whole log of earlier test runs
    await probe.close();
    const name = unique('module');
    const type = `Tick${name}`;
    const projector = countingProjector(name, type);
    const config = runtimeConfig();

    const worker = await Test.createTestingModule({
      imports: [
        InfrastructureModule.forRoot(config),
        ProjectionsModule.forRoot({
          projectors: [projector],
          run: true,
          runner: { idleWaitMs: 5_000, startPosition },
        }),
      ],
    }).compile();
    const api = await Test.createTestingModule({
      imports: [InfrastructureModule.forRoot(config), ProjectionsModule.forRoot()],
    }).compile();
    await worker.init();
    await api.init();
    try {
      const store = api.get<EventStore>(EVENT_STORE);
      const position = await appendNumbered(store, `tick-${name}`, type, 1, 4, 2);
      const positions = api.get(ProjectionPositions);
      expect(await positions.waitForPosition(name, position, 10_000)).toBe(true);
      expect(projector.calls).toBe(4);

      const dataSource = api.get<DataSource>(READ_MODEL_DATA_SOURCE);
      const [row] = await dataSource.query(
        'SELECT count(*)::int AS n FROM read_model_test.applied WHERE projection = $1',
        [name],
      );
      expect(row.n).toBe(4);

      const fromApi = (await positions.projectionStatus()).find((status) => status.name === name);
      expect(fromApi).toMatchObject({ name, version: 1, state: 'running' });
      expect(BigInt(fromApi!.position)).toBeGreaterThanOrEqual(position);
      const fromWorker = await worker.get(ProjectionPositions).projectionStatus();
      expect(fromWorker).toEqual([expect.objectContaining({ name, state: 'live', eventsApplied: 4 })]);
    } finally {
      await worker.close();
      await api.close();
    }
    expect(worker.get<DataSource>(READ_MODEL_DATA_SOURCE).isInitialized).toBe(false);
  });
});
