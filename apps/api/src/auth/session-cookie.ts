import { HttpStatus } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { ApiException } from '../errors/api-exception.ts';

/**
 * The console's session (README, "Console"): the same HS256 JWT as a Bearer token, carried in an
 * httpOnly, SameSite=Strict cookie. Writes made with it need the double-submit CSRF token: the readable
 * `XSRF-TOKEN` cookie echoed in the `X-XSRF-TOKEN` header (a cross-site page can read neither).
 */
export const SESSION_COOKIE = 'zaitaku_session';
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'x-xsrf-token';

/** Methods that change nothing: no CSRF token needed. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The cookies of a `Cookie` header by name (the first of a repeated name wins, as in browsers). */
export function parseCookies(header: string | string[] | undefined): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const part of text.split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    if (cookies.has(name)) continue;
    let value = part.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

/**
 * 403 `CSRF_TOKEN_MISSING` / `CSRF_TOKEN_MISMATCH` for a write made with the session cookie whose
 * `X-XSRF-TOKEN` header does not equal its `XSRF-TOKEN` cookie. Reads and Bearer calls never reach it.
 */
export function assertCsrfToken(
  method: string,
  cookies: ReadonlyMap<string, string>,
  header: string | string[] | undefined,
): void {
  if (SAFE_METHODS.has(method)) return;
  const expected = cookies.get(XSRF_COOKIE);
  const sent = Array.isArray(header) ? header[0] : header;
  if (sent === undefined || sent === '' || expected === undefined || expected === '') {
    throw new ApiException(
      HttpStatus.FORBIDDEN,
      'CSRF_TOKEN_MISSING',
      `a ${method} with the session cookie needs the ${XSRF_COOKIE} cookie's value in the X-XSRF-TOKEN header`,
    );
  }
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new ApiException(
      HttpStatus.FORBIDDEN,
      'CSRF_TOKEN_MISMATCH',
      `the X-XSRF-TOKEN header does not match the ${XSRF_COOKIE} cookie: reload the console and retry`,
    );
  }
}

export interface CookieOptions {
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly maxAgeSeconds: number;
  /** Default `/`. */
  readonly path?: string;
  /** Default Strict; Lax only for the sign-in flow's cookie, which must survive the issuer's redirect. */
  readonly sameSite?: 'Strict' | 'Lax';
}

/** A `Set-Cookie` value: Path=/ and SameSite=Strict unless told; Max-Age=0 clears it. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${options.maxAgeSeconds}`,
    `SameSite=${options.sameSite ?? 'Strict'}`,
    ...(options.httpOnly ? ['HttpOnly'] : []),
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
