import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Actor, Role } from '#domain';

export const IS_PUBLIC = 'zaitaku:public';
export const REQUIRED_ROLES = 'zaitaku:roles';

/** What the authentication guard leaves on the request. */
export interface AuthenticatedRequest {
  actor?: Actor;
}

/** OpenAPI extensions the document post-processor (open-api-errors.ts) and the fuzz test read. */
export const OPENAPI_PUBLIC = 'x-public';
export const OPENAPI_ROLES = 'x-roles';

/** No token needed (health checks). Everything else requires a valid Bearer token. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(OPENAPI_PUBLIC, true));

/**
 * The roles that may call a route (on a method, or on a controller for all of its routes; the method
 * wins). admin and system may always; a route that declares no roles is theirs alone. The auditor never
 * gets past a non-GET route, whatever is declared here.
 */
export const Roles = (...roles: readonly Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension(OPENAPI_ROLES, [...roles]));

/** The authenticated domain Actor (id = the token's `sub`). Only on routes that are not @Public. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (actor === undefined)
    throw new Error('@CurrentActor() used on a route without authentication (@Public?)');
  return actor;
});
