/**
 * The event store's test helpers (`#event-store-testing`): never part of the production barrel
 * (`#event-store`). They need PostgreSQL.
 */
export * from './postgres/testing-drop-database.ts';
