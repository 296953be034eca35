import { runMain } from '#platform';
import { startApi } from './start-api.ts';

// The api alone (`npm run start:api`); `npm start` runs it together with the worker (scripts/start.ts).
await runMain(async (config) => [await startApi(config)]);
