export * from './fiscal-year-rollover.ts';
