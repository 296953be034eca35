import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '#domain';
import { ApiException } from '../errors/api-exception.ts';
import { IS_PUBLIC, REQUIRED_ROLES, type AuthenticatedRequest } from './access.decorators.ts';

/** Methods that change nothing: the only ones the read-only auditor may call. */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** May call any route; only the domain's own rules (e.g. four eyes) stop them. */
export const UNRESTRICTED_ROLES: readonly Role[] = ['admin', 'system'];

interface HttpRequest extends AuthenticatedRequest {
  readonly method: string;
  readonly originalUrl: string;
}

/**
 * Global, after AuthenticationGuard. The auditor is refused every non-GET route here, once for all
 * controllers, so no future route can forget it. Then @Roles: admin and system always pass; others
 * must be listed (a route listing no roles is for admin and system only).
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const { actor } = request;
    if (actor === undefined) throw new Error('AuthorizationGuard ran before AuthenticationGuard');
    const route = `${request.method} ${request.originalUrl.split('?')[0]}`;

    if (actor.role === 'auditor' && !READ_METHODS.has(request.method)) {
      throw new ApiException(
        HttpStatus.FORBIDDEN,
        'READ_ONLY_ROLE',
        `role "auditor" is read-only and may not call ${route}: only GET requests are allowed`,
        { role: actor.role },
      );
    }
    if (UNRESTRICTED_ROLES.includes(actor.role)) return true;
    const required =
      this.reflector.getAllAndOverride<readonly Role[] | undefined>(REQUIRED_ROLES, targets) ?? [];
    if (required.includes(actor.role)) return true;
    // A policy may name system itself (the office's money movements): each role once.
    const allowed = [...new Set([...required, ...UNRESTRICTED_ROLES])];
    throw new ApiException(
      HttpStatus.FORBIDDEN,
      'ROLE_NOT_ALLOWED',
      `role "${actor.role}" may not call ${route}: requires ${allowed.join(', ')}`,
      { role: actor.role, requiredRoles: allowed },
    );
  }
}
