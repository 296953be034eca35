/**
 * The scheduling jobs' test helpers (`#scheduling-testing`), for Jest only (they register hooks): never
 * part of the production barrel (`#scheduling`). They need PostgreSQL.
 */
export * from './jobs/__fixtures__/job-fixtures.ts';
