export * from './budget-events.ts';
export * from './budget-decider.ts';
export * from './budget-execution.ts';
export * from './budget-execution-line-change.ts';
