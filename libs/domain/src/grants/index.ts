export * from './multi-year-grant.ts';
