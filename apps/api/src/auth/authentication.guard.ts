import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, type RuntimeConfig } from '#platform';
import { AuthenticationError } from './access-token.ts';
import { IS_PUBLIC, type AuthenticatedRequest } from './access.decorators.ts';
import { assertCsrfToken, parseCookies, SESSION_COOKIE, XSRF_HEADER } from './session-cookie.ts';
import { TokenVerifier } from './token-verifier.ts';

interface HttpRequest extends AuthenticatedRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}
interface HttpResponse {
  setHeader(name: string, value: string): unknown;
}

/**
 * Global: every route needs `Authorization: Bearer <jwt>` unless it is @Public(). Without the header,
 * the console's session cookie carries the same JWT (the same claims, the same guards after this one);
 * a write made with the cookie also needs the CSRF token (session-cookie.ts).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  /** How to get a token: `npm run token` in development only, never named in production answers. */
  private readonly missingTokenHint: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Inject(APP_CONFIG) config: RuntimeConfig,
  ) {
    this.missingTokenHint = config.production
      ? ''
      : ' (in development: npm run token -- --role caseworker --sub alice)';
    if (config.jwt.isDevelopmentSecret) {
      new Logger('Authentication').warn(
        'JWT_SECRET is not set: tokens are verified with the public DEVELOPMENT secret ' +
          '(`npm run token` signs with it). Never expose this server; production requires JWT_SECRET.',
      );
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    try {
      const session = sessionToken(request);
      request.actor = await this.verifier.verify(session ?? bearerToken(request, this.missingTokenHint));
      if (session !== undefined) {
        assertCsrfToken(request.method, parseCookies(request.headers.cookie), request.headers[XSRF_HEADER]);
      }
      return true;
    } catch (error) {
      if (error instanceof AuthenticationError) {
        // RFC 6750 §3: tell the client which scheme, and whether the token it sent was the problem.
        const challenge =
          error.reason === 'MISSING_TOKEN'
            ? 'Bearer realm="zaitaku"'
            : `Bearer realm="zaitaku", error="invalid_token", error_description="${error.reason}"`;
        http.getResponse<HttpResponse>().setHeader('WWW-Authenticate', challenge);
      }
      throw error;
    }
  }
}

/** The session cookie's JWT when no Authorization header is sent (a Bearer header always wins). */
export function sessionToken(request: {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined && header !== '') return undefined;
  const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
  return token === undefined || token === '' ? undefined : token;
}

function bearerToken(request: HttpRequest, missingTokenHint: string): string {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw new AuthenticationError(
      'MISSING_TOKEN',
      `no Authorization header: send "Authorization: Bearer <token>"${missingTokenHint}`,
    );
  }
  const match = typeof header === 'string' ? /^Bearer +([^\s]+)\s*$/i.exec(header) : null;
  if (match === null) {
    throw new AuthenticationError('MALFORMED_TOKEN', 'the Authorization header must be "Bearer <token>"');
  }
  return match[1] as string;
}
