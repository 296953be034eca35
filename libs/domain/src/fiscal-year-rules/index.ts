export * from './fiscal-year-rules-events.ts';
export * from './fiscal-year-rules-document.ts';
export * from './fiscal-year-rules-decider.ts';
export * from './fiscal-year-rules-csv.ts';
