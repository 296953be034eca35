/**
 * The domain's test helpers, for the specs of this and other libs (`#domain-testing`): never part of the
 * production barrel (`#domain`).
 */
export * from './shared/given-when-then.ts';
export * from './applications/__fixtures__/application-histories.ts';
export * from './trainings/__fixtures__/completed-training.ts';
export * from './collaboration-survey/__fixtures__/seed-001.ts';
