import { describe, expect, it } from '@jest/globals';
import { loadConfig, type RuntimeConfig } from '#platform';
import { AuthenticationError } from './access-token.ts';
import { OidcIssuer } from './oidc-issuer.ts';

function issuer(env: Record<string, string> = {}): OidcIssuer {
  const config = loadConfig({
    OIDC_ISSUER_URL: 'https://sso.example.jp/realms/zaitaku',
    OIDC_CLIENT_ID: 'zaitaku-console',
    OIDC_REDIRECT_URL: 'https://zaitaku.example.jp/session/oidc/callback',
    ...env,
  });
  return new OidcIssuer({
    ...config,
    databaseUrl: 'postgres://x/y',
    embeddedDatabase: false,
  } as RuntimeConfig);
}

describe('OidcIssuer.actorOf: the issuer’s claims as an Actor', () => {
  it('reads the default claim names', () => {
    expect(issuer().actorOf({ sub: 'm-1', role: 'municipality', municipalityCode: '131016' })).toEqual({
      id: 'm-1',
      role: 'municipality',
      municipalityCode: '131016',
    });
  });

  it('reads nested claims and takes the first of the api’s roles from an array (Keycloak realm roles)', () => {
    const keycloak = issuer({ OIDC_ROLE_CLAIM: 'realm_access.roles', OIDC_INSTITUTION_CLAIM: 'org.id' });
    expect(
      keycloak.actorOf({
        sub: 'i-1',
        realm_access: { roles: ['offline_access', 'institution', 'uma_authorization'] },
        org: { id: ['inst-001'] }, // a user-attribute mapper may send a one-element array
      }),
    ).toEqual({ id: 'i-1', role: 'institution', institutionId: 'inst-001' });
  });

  it('refuses what the api refuses: no role, an unknown one, a municipality without a valid code', () => {
    const refusal = (claims: Record<string, unknown>) => {
      try {
        issuer().actorOf(claims);
      } catch (error) {
        return error instanceof AuthenticationError ? error.reason : error;
      }
      return 'accepted';
    };
    expect(refusal({ sub: 'x' })).toBe('UNKNOWN_ROLE');
    expect(refusal({ sub: 'x', role: ['offline_access'] })).toBe('UNKNOWN_ROLE');
    expect(refusal({ sub: 'x', role: 'municipality', municipalityCode: '131017' })).toBe('INVALID_CLAIMS');
    expect(refusal({ role: 'caseworker' })).toBe('INVALID_CLAIMS');
  });
});
