// The pure unit tests (`npm run test:unit`): every `*.spec.ts` that is not `*.int.spec.ts`, `*.e2e.spec.ts`,
// `*.fault.spec.ts` or `*.contract.spec.ts` (README, "Tests"). They need no PostgreSQL, Redis or build, so
// there is no global setup (no embedded PostgreSQL) and the workers run in parallel.
import config from './jest.config.js';

const { globalSetup: _setup, globalTeardown: _teardown, ...shared } = config;

/** @type {import('jest').Config} */
export default {
  ...shared,
  testPathIgnorePatterns: ['/node_modules/', '\\.(int|e2e|fault|contract)\\.spec\\.ts$'],
};
