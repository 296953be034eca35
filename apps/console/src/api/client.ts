import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type Schemas = components['schemas'];

/** The double-submit CSRF token the api set at sign-in (README, "Console"). */
function xsrfToken(): string | undefined {
  const entry = document.cookie.split('; ').find((cookie) => cookie.startsWith('XSRF-TOKEN='));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice('XSRF-TOKEN='.length));
}

/** Every write echoes the XSRF-TOKEN cookie in X-XSRF-TOKEN; the session cookie goes along by itself. */
const csrf: Middleware = {
  onRequest({ request }) {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const token = xsrfToken();
      if (token !== undefined) request.headers.set('X-XSRF-TOKEN', token);
    }
    return request;
  },
};

/** The api's client, typed from its OpenAPI document (schema.ts, generated). Same origin: no base URL. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(csrf);

/** An api error body: `{ error, message, errors? }` (README, "Errors"). */
export interface ApiError {
  readonly status: number;
  readonly error: string;
  readonly message: string;
  readonly errors?: ReadonlyArray<{ field: string; reason: string }>;
}

/** The data of an answer, or throws its ApiError (TanStack Query shows it). */
export function dataOf<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data !== undefined && answer.response.ok) return answer.data;
  const body = (answer.error ?? {}) as Partial<ApiError>;
  throw {
    status: answer.response.status,
    error: body.error ?? 'HTTP_ERROR',
    message: body.message ?? answer.response.statusText,
    ...(body.errors ? { errors: body.errors } : {}),
  } satisfies ApiError;
}
