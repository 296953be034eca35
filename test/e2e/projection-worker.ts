import { Test, type TestingModule } from '@nestjs/testing';
import type { EventStore } from '#event-store';
import { EVENT_STORE, InfrastructureModule } from '#platform';
import { ProjectionPositions, ProjectionsModule, READ_MODEL_PROJECTORS } from '#projections';
import { testRuntimeConfig } from './runtime-config.ts';

/** The worker's projections (every read model) running beside an e2e app on the test database. */
export async function startProjectionWorker(): Promise<TestingModule> {
  const worker = await Test.createTestingModule({
    imports: [
      InfrastructureModule.forRoot(testRuntimeConfig()),
      ProjectionsModule.forRoot({
        projectors: READ_MODEL_PROJECTORS,
        run: true,
        runner: { idleWaitMs: 200 },
      }),
    ],
  }).compile();
  await worker.init();
  return worker;
}

/**
 * Waits until every read model has reached the log's head as it is now. The projectors may first
 * replay what other suites wrote to the shared test database, hence the long bound.
 */
export async function waitForReadModels(worker: TestingModule, timeoutMs = 120_000): Promise<void> {
  const head = await worker.get<EventStore>(EVENT_STORE).headPosition();
  const names = READ_MODEL_PROJECTORS.map((projector) => projector.name);
  if (!(await worker.get(ProjectionPositions).waitForPosition(names, head, timeoutMs)))
    throw new Error(
      `the read-model projectors did not reach the log head ${head} within ${timeoutMs / 1000} s`,
    );
}
