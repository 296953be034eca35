export * from './clock.ts';
export * from './embedded-database.ts';
