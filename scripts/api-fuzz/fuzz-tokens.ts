import { signAccessToken, type TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import type { Role } from '#domain';
import type { TokenFor } from './fuzz-run.ts';

/** A valid token per role, signed once with the app's secret (a municipality and an institution of their own). */
export function fuzzTokens(secret: string): TokenFor {
  const tokens = new Map<string, Promise<string>>();
  return (role) => {
    let token = tokens.get(role);
    if (token === undefined) {
      const claims: TokenClaims = {
        sub: `fuzz-${role}`,
        role: role as Role,
        ...(role === 'municipality' ? { municipalityCode: '131016' } : {}),
        ...(role === 'institution' ? { institutionId: 'hosp-1' } : {}),
      };
      token = signAccessToken(claims, secret, 3600).then((t) => `Bearer ${t}`);
      tokens.set(role, token);
    }
    return token;
  };
}
