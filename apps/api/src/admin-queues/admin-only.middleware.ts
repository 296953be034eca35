import { ApiException } from '../errors/api-exception.ts';
import { sessionToken } from '../auth/authentication.guard.ts';
import { assertCsrfToken, parseCookies, XSRF_HEADER } from '../auth/session-cookie.ts';
import type { TokenVerifier } from '../auth/token-verifier.ts';

interface Request {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}
interface Response {
  status(code: number): Response;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}

/**
 * Express middleware: a valid token of role admin, or 401 / 403 in the api's error format. The token is
 * the Bearer header's or, without one, the console's session cookie (as the guard reads them), so an
 * admin signed in to the console opens the dashboard in the browser. A write with the cookie needs the
 * CSRF token, or must come from a page of this origin (bull-board's own buttons: `Sec-Fetch-Site:
 * same-origin`, which a cross-site page cannot forge).
 */
export function adminOnly(verifier: TokenVerifier) {
  return async (request: Request, response: Response, next: () => void): Promise<void> => {
    const session = sessionToken(request);
    const header = request.headers.authorization;
    const token =
      session ?? (typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined);
    if (token === undefined) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      response.status(401).json({
        error: 'MISSING_TOKEN',
        message: 'sign in to the console as an admin, or send Authorization: Bearer <token>',
      });
      return;
    }
    try {
      const actor = await verifier.verify(token);
      if (actor.role !== 'admin') {
        response.status(403).json({
          error: 'ROLE_NOT_ALLOWED',
          message: `role ${actor.role} may not open ${'/admin/queues'}: admin only`,
        });
        return;
      }
      if (session !== undefined && request.headers['sec-fetch-site'] !== 'same-origin') {
        assertCsrfToken(request.method, parseCookies(request.headers.cookie), request.headers[XSRF_HEADER]);
      }
      next();
    } catch (error) {
      if (!(error instanceof ApiException)) throw error;
      if (error.getStatus() === 401) response.setHeader('WWW-Authenticate', 'Bearer');
      response.status(error.getStatus()).json(error.getResponse());
    }
  };
}
