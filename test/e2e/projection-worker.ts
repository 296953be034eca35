import { Test, type TestingModule } from '@nestjs/testing';
import { InfrastructureModule } from '#platform';
import { ProjectionsModule, READ_MODEL_PROJECTORS } from '#projections';
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
