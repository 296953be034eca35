import type { Role } from '#domain';

/** Who reads the case read models: prefecture staff and auditors everything, applicants their own. */
export const READ_MODEL_READERS: readonly Role[] = [
  'caseworker',
  'approver',
  'auditor',
  'municipality',
  'institution',
];

/** Budgets are the prefecture's: not shown to municipalities or institutions. */
export const BUDGET_READERS: readonly Role[] = ['caseworker', 'approver', 'auditor'];

/**
 * Staff completions are about persons (pseudonymous) of an institution: prefecture staff, auditors and
 * the institution itself; a completion carries no municipality, so municipalities are not among them.
 */
export const TRAINING_COMPLETION_READERS: readonly Role[] = [
  'caseworker',
  'approver',
  'auditor',
  'institution',
];
