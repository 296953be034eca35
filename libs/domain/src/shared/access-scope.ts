import type { Actor } from './actor.ts';

/** Whose a resource is: the municipality it belongs to and, for an institution's own, the institution. */
export interface ResourceScope {
  readonly municipalityCode?: string;
  readonly institutionId?: string;
}

/**
 * Municipality officers see only their own municipality's resources, institutions only their own;
 * every other role sees everything (auditors read all, caseworkers and approvers are prefecture staff).
 */
export function canAccess(actor: Actor, scope: ResourceScope): boolean {
  switch (actor.role) {
    case 'municipality':
      return actor.municipalityCode !== undefined && scope.municipalityCode === actor.municipalityCode;
    case 'institution':
      return actor.institutionId !== undefined && scope.institutionId === actor.institutionId;
    default:
      return true;
  }
}
