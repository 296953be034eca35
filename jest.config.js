// Jest runs in native ESM mode: NestJS 12 packages are ESM-only (see README, "Tests").
// Every spec (`npm test`); jest.unit.config.js is the pure unit tests alone (`npm run test:unit`).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  moduleNameMapper: {
    '^#(domain|event-store|projections|scheduling|platform|workflow|simulation)$':
      '<rootDir>/libs/$1/src/index.ts',
    // The test helpers, never in a production barrel (README, "Tests").
    '^#(domain|event-store|projections|scheduling)-testing$': '<rootDir>/libs/$1/src/testing.ts',
    // ts-jest applies rewriteRelativeImportExtensions (./x.ts → ./x.js); map back to the source.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 60000,
};
