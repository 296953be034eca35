import { HttpStatus } from '@nestjs/common';
import type { Actor } from '#domain';
import { ApiException } from '../errors/api-exception.ts';

/** Whose a resource is: the municipality it belongs to and, for an institution's own, the institution. */
export interface ResourceScope {
  readonly municipalityCode?: string;
  readonly institutionId?: string;
}

/**
 * 404 for a resource that does not exist, and equally for one outside the caller's scope: a municipality
 * must not learn which case numbers another municipality has (the body is the same in both cases).
 */
export class ResourceNotFoundException extends ApiException {
  constructor(
    what = 'resource',
    /** It exists but is another's: the same answer, but the security log records it as OUT_OF_SCOPE. */
    readonly outOfScope = false,
  ) {
    super(HttpStatus.NOT_FOUND, 'NOT_FOUND', `no such ${what}, or not yours to see`);
  }
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

/**
 * Call after loading a resource (or finding it missing: pass undefined). Throws the same 404 for
 * "missing" and "someone else's", so existence never leaks across scopes.
 */
export function assertCanAccess(
  actor: Actor,
  scope: ResourceScope | undefined,
  what?: string,
): asserts scope is ResourceScope {
  if (scope === undefined) throw new ResourceNotFoundException(what);
  if (!canAccess(actor, scope)) throw new ResourceNotFoundException(what, true);
}
