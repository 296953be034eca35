export * from './past-case-columns.ts';
export * from './past-case.ts';
export * from './past-case-commands.ts';
export * from './past-case-decision.ts';
