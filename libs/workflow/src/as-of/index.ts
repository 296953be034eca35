export * from './as-of.ts';
export * from './as-of-queries.ts';
