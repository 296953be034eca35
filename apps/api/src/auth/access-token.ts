import { HttpStatus } from '@nestjs/common';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { isValidMunicipalityCode, ROLES, type Actor, type Role } from '#domain';
import { ApiException } from '../errors/api-exception.ts';

/**
 * Bearer tokens are HS256 JWTs. Claims: `sub` (pseudonymous staff or system id), `role` (one of ROLES),
 * `municipalityCode` (6 digits, role municipality), `institutionId` (role institution), `exp`.
 */
export const TOKEN_ALGORITHM = 'HS256';

export type AuthenticationErrorCode =
  | 'MISSING_TOKEN'
  | 'MALFORMED_TOKEN'
  | 'UNSUPPORTED_ALGORITHM'
  | 'INVALID_SIGNATURE'
  | 'TOKEN_EXPIRED'
  | 'UNKNOWN_ROLE'
  | 'INVALID_CLAIMS';

/** 401: who the caller is could not be established. The code says why, the message how to fix it. */
export class AuthenticationError extends ApiException {
  constructor(
    readonly reason: AuthenticationErrorCode,
    message: string,
  ) {
    super(HttpStatus.UNAUTHORIZED, reason, message);
  }
}

export interface TokenClaims {
  readonly sub: string;
  readonly role: Role;
  readonly municipalityCode?: string;
  readonly institutionId?: string;
}

export function tokenKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Seconds in a time span like `90s`, `30m`, `8h`, `1d` (or a bare number of seconds), else undefined. */
export function parseTtl(text: string): number | undefined {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(text.trim());
  if (match === null) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** Signs a token issued at `now`, valid for `ttlSeconds`. */
export async function signAccessToken(
  claims: TokenClaims,
  secret: string,
  ttlSeconds = 8 * 3600,
  now: Date = new Date(),
): Promise<string> {
  const actor = actorFromClaims({ ...claims }); // refuses claims the api would refuse
  const extra: Record<string, string> = { role: actor.role };
  if (actor.municipalityCode !== undefined) extra.municipalityCode = actor.municipalityCode;
  if (actor.institutionId !== undefined) extra.institutionId = actor.institutionId;
  return new SignJWT(extra)
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
    .setSubject(actor.id)
    .setIssuedAt(now)
    .setExpirationTime(Math.floor(now.getTime() / 1000) + ttlSeconds)
    .sign(tokenKey(secret));
}

/** The actor behind a token, or an AuthenticationError naming what is wrong with it. */
export async function verifyAccessToken(token: string, key: Uint8Array): Promise<Actor> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [TOKEN_ALGORITHM],
      requiredClaims: ['sub', 'exp'],
      clockTolerance: 5,
    }));
  } catch (error) {
    throw tokenRejection(error);
  }
  return actorFromClaims(payload);
}

/** The 401 for what jose found wrong with a token (rethrows what is not a JOSE error). */
export function tokenRejection(error: unknown): AuthenticationError {
  if (error instanceof errors.JWTExpired) {
    const exp = typeof error.payload.exp === 'number' ? new Date(error.payload.exp * 1000) : undefined;
    return new AuthenticationError(
      'TOKEN_EXPIRED',
      `the token expired${exp ? ` at ${exp.toISOString()}` : ''}: get a new one`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new AuthenticationError(
      'INVALID_SIGNATURE',
      'the token signature does not verify with this server’s key',
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new AuthenticationError('UNSUPPORTED_ALGORITHM', `only ${TOKEN_ALGORITHM} tokens are accepted`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new AuthenticationError('INVALID_CLAIMS', `claim "${error.claim}": ${error.message}`);
  }
  if (error instanceof errors.JOSEError) {
    return new AuthenticationError('MALFORMED_TOKEN', `not a well-formed JWT: ${error.message}`);
  }
  throw error;
}

/** Checks the claims beyond what jose checks; the same rules apply when signing (scripts/token.ts). */
export function actorFromClaims(payload: Readonly<Record<string, unknown>>): Actor {
  const { sub, role, municipalityCode, institutionId } = payload;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > 128) {
    throw new AuthenticationError(
      'INVALID_CLAIMS',
      'claim "sub": expected a non-empty id of at most 128 characters',
    );
  }
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new AuthenticationError(
      'UNKNOWN_ROLE',
      `claim "role": ${JSON.stringify(role ?? null)} is not a role; expected one of ${ROLES.join(', ')}`,
    );
  }
  const actor: { -readonly [K in keyof Actor]: Actor[K] } = { id: sub, role: role as Role };
  if (role === 'municipality') {
    if (typeof municipalityCode !== 'string' || !isValidMunicipalityCode(municipalityCode)) {
      throw new AuthenticationError(
        'INVALID_CLAIMS',
        `claim "municipalityCode": ${JSON.stringify(municipalityCode ?? null)}: role municipality needs its 6-digit 全国地方公共団体コード with a valid check digit, e.g. 131016`,
      );
    }
    actor.municipalityCode = municipalityCode;
  }
  if (role === 'institution') {
    if (typeof institutionId !== 'string' || institutionId.trim() === '') {
      throw new AuthenticationError(
        'INVALID_CLAIMS',
        `claim "institutionId": ${JSON.stringify(institutionId ?? null)}: role institution needs the id of the institution it acts for`,
      );
    }
    actor.institutionId = institutionId;
  }
  return actor;
}
