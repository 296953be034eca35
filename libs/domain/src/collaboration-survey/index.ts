export * from './collaboration-survey-items.ts';
export * from './collaboration-survey-events.ts';
export * from './collaboration-survey-decider.ts';
export * from './collaboration-survey-report.ts';
