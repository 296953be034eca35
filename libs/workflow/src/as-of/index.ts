export * from './as-of.ts';
export * from './as-of-queries.ts';
export * from './budget-execution-as-of.ts';
