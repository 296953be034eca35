export * from './training-courses.ts';
export * from './training-stream.ts';
export * from './training-events.ts';
export * from './training-commands.ts';
export * from './training-state.ts';
export * from './training-decider.ts';
export * from './training-completion-facts.ts';
