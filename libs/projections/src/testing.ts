/**
 * The projections' test helpers (`#projections-testing`), for integration and end-to-end tests and the
 * benchmark and fault scripts: never part of the production barrel (`#projections`). They need PostgreSQL.
 */
export * from './testing/projection-test-kit.ts';
export * from './testing/scratch-database.ts';
export * from './testing/subsidy-log.ts';
