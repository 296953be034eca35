import { runMain } from '#platform';
import { createWorkerApp } from './create-worker-app.ts';

// The worker alone (`npm run start:worker`); `npm start` runs it together with the api (scripts/start.ts).
await runMain(async (config) => [await createWorkerApp(config)]);
