import { Inject, Injectable } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { Actor } from '#domain';
import { APP_CONFIG, type RuntimeConfig } from '#platform';
import {
  AuthenticationError,
  tokenKey,
  tokenRejection,
  TOKEN_ALGORITHM,
  verifyAccessToken,
} from './access-token.ts';
import { IssuerUnavailableError, OidcIssuer } from './oidc-issuer.ts';
import { VerifiedTokenCache } from './verified-token-cache.ts';

/** The asymmetric algorithms an identity provider signs with (Keycloak: RS256 by default). */
export const ISSUER_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * Who a token is: an HS256 token signed with JWT_SECRET (the session cookie, `npm run token`), or, with
 * OIDC_ISSUER_URL set, a token of that issuer verified with its JWKS (issuer, audience, expiry) whose
 * claims are read by the configured names. The guard and /admin/queues use it alike. An HS256 token that
 * verified is remembered until it expires (VerifiedTokenCache); an issuer's token is verified every time.
 */
@Injectable()
export class TokenVerifier {
  private readonly key: Uint8Array;
  private readonly verified = new VerifiedTokenCache();

  constructor(
    @Inject(APP_CONFIG) config: RuntimeConfig,
    private readonly issuer: OidcIssuer,
  ) {
    this.key = tokenKey(config.jwt.secret);
  }

  async verify(token: string): Promise<Actor> {
    if (!this.issuer.configured) return this.verifyOwn(token);
    let algorithm: string | undefined;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch (error) {
      throw tokenRejection(error);
    }
    if (algorithm === TOKEN_ALGORITHM || algorithm === undefined || !ISSUER_ALGORITHMS.includes(algorithm)) {
      return this.verifyOwn(token);
    }
    return this.verifyIssued(token);
  }

  /** An HS256 token signed with JWT_SECRET: remembered once it has verified, until its `exp`. */
  private async verifyOwn(token: string): Promise<Actor> {
    const known = this.verified.get(token);
    if (known !== undefined) return known;
    const actor = await verifyAccessToken(token, this.key);
    this.verified.set(token, actor, decodeJwt(token).exp!);
    return actor;
  }

  private async verifyIssued(token: string): Promise<Actor> {
    const setting = this.issuer.setting!;
    const keys = await this.issuer.signingKeys();
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ISSUER_ALGORITHMS,
        issuer: setting.issuerUrl,
        audience: setting.audience,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
      });
      return this.issuer.actorOf(payload);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
        throw new IssuerUnavailableError('its JWKS could not be read');
      }
      if (error instanceof errors.JOSEError) throw tokenRejection(error);
      throw new IssuerUnavailableError('its JWKS could not be fetched');
    }
  }
}
