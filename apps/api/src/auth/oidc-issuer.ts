import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import * as client from 'openid-client';
import { ROLES, type Actor } from '#domain';
import { APP_CONFIG, type OidcSetting, type RuntimeConfig } from '#platform';
import { ApiException } from '../errors/api-exception.ts';
import { actorFromClaims } from './access-token.ts';

/** What the browser's flow cookie keeps between GET /session/oidc/start and the callback. */
export interface OidcFlow {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** The console path to land on afterwards. */
  readonly next: string;
}

/** 503: the issuer's discovery document or keys could not be fetched. */
export class IssuerUnavailableError extends ApiException {
  constructor(detail: string) {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      'ISSUER_UNAVAILABLE',
      `the sign-in issuer did not answer: ${detail}`,
    );
  }
}

/**
 * The configured OpenID Connect issuer (OIDC_*, docs/console/sign-in.md), through `openid-client`:
 * discovery on first use (retried on the next call after a failure), the authorization code flow with
 * PKCE for the console, the issuer's JWKS for its Bearer tokens, and its claims mapped to an Actor.
 */
@Injectable()
export class OidcIssuer {
  readonly setting: OidcSetting | undefined;
  private discovered: Promise<client.Configuration> | undefined;
  private keys: JWTVerifyGetKey | undefined;
  private readonly logger = new Logger('OidcIssuer');

  constructor(@Inject(APP_CONFIG) config: RuntimeConfig) {
    this.setting = config.oidc;
  }

  get configured(): boolean {
    return this.setting !== undefined;
  }

  private get oidc(): OidcSetting {
    if (this.setting === undefined) throw new Error('OIDC_ISSUER_URL is not configured');
    return this.setting;
  }

  /** The issuer's metadata and this client, discovered once. */
  async configuration(): Promise<client.Configuration> {
    const oidc = this.oidc;
    this.discovered ??= (async () => {
      const insecure = new URL(oidc.issuerUrl).protocol === 'http:'; // loopback only (config.ts)
      const configuration = await client.discovery(
        new URL(oidc.issuerUrl),
        oidc.clientId,
        undefined,
        oidc.clientSecret === undefined ? client.None() : client.ClientSecretBasic(oidc.clientSecret),
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      // The ID token's signature is checked against the issuer's JWKS too, not only trusted by TLS.
      client.enableNonRepudiationChecks(configuration);
      return configuration;
    })();
    try {
      return await this.discovered;
    } catch (error) {
      this.discovered = undefined;
      this.logger.warn(`discovery of ${oidc.issuerUrl} failed: ${String(error)}`);
      throw new IssuerUnavailableError(`discovery of ${oidc.issuerUrl} failed`);
    }
  }

  /** The issuer's signing keys (its `jwks_uri`), fetched and cached by jose. */
  async signingKeys(): Promise<JWTVerifyGetKey> {
    if (this.keys === undefined) {
      const uri = (await this.configuration()).serverMetadata().jwks_uri;
      if (uri === undefined) throw new IssuerUnavailableError('its metadata names no jwks_uri');
      this.keys = createRemoteJWKSet(new URL(uri));
    }
    return this.keys;
  }

  /** Where to send the browser, and the flow to remember in its cookie. */
  async start(next: string): Promise<{ url: URL; flow: OidcFlow }> {
    const oidc = this.oidc;
    const configuration = await this.configuration();
    const flow: OidcFlow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      next,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: oidc.redirectUrl,
      scope: oidc.scope,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, flow };
  }

  /**
   * The issuer's answer at the callback: exchanges the code (PKCE, state, nonce; the ID token's issuer,
   * audience, expiry and signature are checked by openid-client), then maps the claims to an Actor
   * (the ID token's, completed from the UserInfo endpoint when the role claim is not in it).
   */
  async finish(query: string, flow: OidcFlow): Promise<Actor> {
    const oidc = this.oidc;
    const configuration = await this.configuration();
    const callback = new URL(oidc.redirectUrl);
    callback.search = query;
    const tokens = await client.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (idToken === undefined) throw new Error('no ID token'); // idTokenExpected: openid-client refused already
    let claims: Record<string, unknown> = { ...idToken };
    if (claimAt(claims, oidc.claims.role) === undefined) {
      const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      claims = { ...userInfo, ...claims };
    }
    return this.actorOf(claims);
  }

  /**
   * The Actor of the issuer's claims, by the configured claim names (a dotted name reads a nested claim;
   * an array, such as Keycloak's realm roles, gives the first value that is one of the api's roles).
   * The same rules as for every token (access-token.ts actorFromClaims).
   */
  actorOf(claims: Readonly<Record<string, unknown>>): Actor {
    const names = this.oidc.claims;
    const role = claimAt(claims, names.role);
    return actorFromClaims({
      sub: claims.sub,
      role: Array.isArray(role) ? role.find((value) => (ROLES as readonly unknown[]).includes(value)) : role,
      municipalityCode: single(claimAt(claims, names.municipalityCode)),
      institutionId: single(claimAt(claims, names.institutionId)),
    });
  }
}

function claimAt(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Keycloak's user-attribute mappers may send a one-element array for a single value. */
function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}
