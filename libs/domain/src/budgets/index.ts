export * from './budget-events.ts';
export * from './budget-decider.ts';
