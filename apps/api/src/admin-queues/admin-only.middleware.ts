import { tokenKey, verifyAccessToken, AuthenticationError } from '../auth/access-token.ts';

interface Request {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}
interface Response {
  status(code: number): Response;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}

/** Express middleware: a valid Bearer token of role admin, or 401 / 403 in the api's error format. */
export function adminOnly(secret: string) {
  const key = tokenKey(secret);
  return async (request: Request, response: Response, next: () => void): Promise<void> => {
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (token === undefined) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      response
        .status(401)
        .json({ error: 'MISSING_TOKEN', message: 'Authorization: Bearer <token> is required' });
      return;
    }
    try {
      const actor = await verifyAccessToken(token, key);
      if (actor.role !== 'admin') {
        response.status(403).json({
          error: 'ROLE_NOT_ALLOWED',
          message: `role ${actor.role} may not open ${'/admin/queues'}: admin only`,
        });
        return;
      }
      next();
    } catch (error) {
      const code = error instanceof AuthenticationError ? error.getStatus() : 401;
      response.setHeader('WWW-Authenticate', 'Bearer');
      response
        .status(code)
        .json(error instanceof AuthenticationError ? error.getResponse() : { error: 'INVALID_TOKEN' });
    }
  };
}
