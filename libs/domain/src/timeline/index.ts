export * from './recipient-program-timeline.ts';
export * from './timeline-projection.ts';
export * from './timeline-facts.ts';
