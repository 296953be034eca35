import { HttpStatus } from '@nestjs/common';
import { canAccess, type Actor, type ResourceScope } from '#domain';
import { ApiException } from '../errors/api-exception.ts';

export { canAccess, type ResourceScope };

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
