export * from './scenario.ts';
export * from './seed-scenario.ts';
export * from './fiscal-year-report.ts';
export * from './run-simulation.ts';
export * from './simulation-module.ts';
