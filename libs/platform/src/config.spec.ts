import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.ts';
import { DEVELOPMENT_JWT_SECRET, loadConfig } from './config.ts';

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const SECRET = 'k2Vq9Xy0sFh3LmN8pQr5TuW7zAbCdEfG';

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      databaseUrl: undefined,
      eventStore: { kind: 'postgresql' },
      redisUrl: 'redis://127.0.0.1:6379',
      logLevel: 'log',
      jwt: { secret: DEVELOPMENT_JWT_SECRET, isDevelopmentSecret: true },
      audit: { signingKeyFile: undefined, signingKeyRequired: false },
      production: false,
      corsOrigins: [],
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        DATABASE_URL: 'postgres://u:p@db:5432/zaitaku',
        EVENT_STORE: 'kurrentdb',
        KURRENTDB_URL: 'kurrentdb://kurrentdb:2113?tls=false',
        REDIS_URL: 'redis://redis:6379',
        LOG_LEVEL: 'debug',
        JWT_SECRET: SECRET,
        AUDIT_SIGNING_KEY_FILE: '/run/secrets/audit-signing-key.pem',
        CORS_ORIGINS: 'https://portal.example.jp, http://localhost:5173',
      }),
    ).toEqual({
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/zaitaku',
      eventStore: { kind: 'kurrentdb', url: 'kurrentdb://kurrentdb:2113?tls=false' },
      redisUrl: 'redis://redis:6379',
      logLevel: 'debug',
      jwt: { secret: SECRET, isDevelopmentSecret: false },
      audit: { signingKeyFile: '/run/secrets/audit-signing-key.pem', signingKeyRequired: false },
      production: false,
      corsOrigins: ['https://portal.example.jp', 'http://localhost:5173'],
    });
  });

  it('refuses CORS origins that are not exactly scheme, host and port', () => {
    expect(problemsOf({ CORS_ORIGINS: 'https://ok.example.jp,*,https://x.example.jp/path' })).toEqual([
      'CORS_ORIGINS="https://ok.example.jp,*,https://x.example.jp/path": expected comma-separated origins like https://portal.example.jp (scheme, host and port only); not "*", "https://x.example.jp/path"',
    ]);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ', REDIS_URL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      redisUrl: 'redis://127.0.0.1:6379',
    });
  });

  it.each(['abc', '0', '65536', '3.5', '-1', '80x'])('rejects PORT=%s', (port) => {
    expect(problemsOf({ PORT: port })).toEqual([
      `PORT=${JSON.stringify(port)}: expected a whole number 1–65535`,
    ]);
  });

  it('accepts the edges of the port range', () => {
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it('rejects an unknown EVENT_STORE', () => {
    expect(problemsOf({ EVENT_STORE: 'mongodb' })).toEqual([
      'EVENT_STORE="mongodb": expected "postgresql" or "kurrentdb"',
    ]);
  });

  it('requires KURRENTDB_URL with EVENT_STORE=kurrentdb', () => {
    expect(problemsOf({ EVENT_STORE: 'kurrentdb' })).toEqual([
      'KURRENTDB_URL is not set: required when EVENT_STORE=kurrentdb, e.g. kurrentdb://localhost:2113?tls=false',
    ]);
  });

  it.each([
    'esdb://localhost:2113?tls=false',
    'kdb://a:2113,b:2113,c:2113',
    'kurrentdb+discover://cluster:2113',
  ])('accepts the KurrentDB connection string %s', (url) => {
    expect(loadConfig({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: url }).eventStore).toEqual({
      kind: 'kurrentdb',
      url,
    });
  });

  it('rejects a KURRENTDB_URL of another scheme', () => {
    expect(problemsOf({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'http://localhost:2113' })).toEqual([
      'KURRENTDB_URL="http://localhost:2113": expected a KurrentDB connection string (kurrentdb://, esdb:// or kdb://)',
    ]);
  });

  it('ignores KURRENTDB_URL when the event store is PostgreSQL', () => {
    expect(loadConfig({ KURRENTDB_URL: 'nonsense' }).eventStore).toEqual({ kind: 'postgresql' });
  });

  it('rejects a DATABASE_URL that is not PostgreSQL, hiding its password', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://root:secret@db/zaitaku' })).toEqual([
      'DATABASE_URL="mysql://root:***@db/zaitaku": expected a PostgreSQL URL (postgres://user:password@host:5432/db)',
    ]);
  });

  it('rejects a REDIS_URL without a host', () => {
    expect(problemsOf({ REDIS_URL: 'redis://' })).toEqual([
      'REDIS_URL="redis://": expected a Redis URL (redis://host:6379), with a host',
    ]);
  });

  it('rejects an unknown LOG_LEVEL', () => {
    expect(problemsOf({ LOG_LEVEL: 'info' })).toEqual([
      'LOG_LEVEL="info": expected one of fatal, error, warn, log, debug, verbose',
    ]);
  });

  it('reads the audit witness directory and the checkpoint bound, refusing a bound that is not a positive whole number', () => {
    expect(
      loadConfig({
        AUDIT_WITNESS_DIR: '/var/lib/zaitaku/witness',
        AUDIT_CHECKPOINT_EVERY_SECONDS: '15',
        AUDIT_CHECKPOINT_EVERY_EVENTS: '200',
      }).audit,
    ).toMatchObject({
      witnessDir: '/var/lib/zaitaku/witness',
      checkpointEverySeconds: 15,
      checkpointEveryEvents: 200,
    });
    expect(problemsOf({ AUDIT_CHECKPOINT_EVERY_SECONDS: '0', AUDIT_CHECKPOINT_EVERY_EVENTS: '1e3' })).toEqual(
      [
        'AUDIT_CHECKPOINT_EVERY_SECONDS="0": expected a positive whole number',
        'AUDIT_CHECKPOINT_EVERY_EVENTS="1e3": expected a positive whole number',
      ],
    );
  });

  it('reads how often a standby worker tries the projection leases (default: left to the worker, 1 s)', () => {
    expect(loadConfig({}).projectionLeasePollMs).toBeUndefined();
    expect(loadConfig({ PROJECTION_LEASE_POLL_MS: '500' }).projectionLeasePollMs).toBe(500);
    expect(problemsOf({ PROJECTION_LEASE_POLL_MS: '0' })).toEqual([
      'PROJECTION_LEASE_POLL_MS="0": expected a positive whole number',
    ]);
  });

  it('reads the sizes of the event store and read-model pools (default: left to the pools, 10 each)', () => {
    expect(loadConfig({})).not.toHaveProperty('eventStorePoolSize');
    expect(loadConfig({})).not.toHaveProperty('readModelPoolSize');
    expect(loadConfig({ EVENT_STORE_POOL_SIZE: '20', READ_MODEL_POOL_SIZE: '100' })).toMatchObject({
      eventStorePoolSize: 20,
      readModelPoolSize: 100,
    });
    for (const value of ['0', '101', '-1', '1.5', 'ten', '012']) {
      expect(problemsOf({ READ_MODEL_POOL_SIZE: value })).toEqual([
        `READ_MODEL_POOL_SIZE=${JSON.stringify(value)}: expected a whole number of connections 1–100`,
      ]);
    }
    expect(problemsOf({ EVENT_STORE_POOL_SIZE: '0' })).toEqual([
      'EVENT_STORE_POOL_SIZE="0": expected a whole number of connections 1–100',
    ]);
  });

  it('lists every problem at once, in a message that names each variable', () => {
    const env = { PORT: 'abc', EVENT_STORE: 'kurrentdb', REDIS_URL: 'http://cache', LOG_LEVEL: 'loud' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    const problems = problemsOf(env);
    expect(problems.map((p) => p.split(/[=\s]/)[0])).toEqual([
      'PORT',
      'KURRENTDB_URL',
      'REDIS_URL',
      'LOG_LEVEL',
    ]);
    expect(() => loadConfig(env)).toThrow(
      /^Invalid configuration \(4 problems\):\n {2}- PORT="abc": expected a whole number 1–65535\n/,
    );
  });

  describe('JWT_SECRET', () => {
    it('uses the labelled development secret when unset outside production', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).jwt).toEqual({
        secret: DEVELOPMENT_JWT_SECRET,
        isDevelopmentSecret: true,
      });
      expect(DEVELOPMENT_JWT_SECRET).toMatch(/DEVELOPMENT-ONLY/);
    });

    it('is required with NODE_ENV=production', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
        'JWT_SECRET is not set: required with NODE_ENV=production: the HS256 secret that signs and verifies Bearer tokens',
      ]);
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).jwt).toEqual({
        secret: SECRET,
        isDevelopmentSecret: false,
      });
    });

    it('refuses a short secret without echoing it', () => {
      const problems = problemsOf({ JWT_SECRET: 'hunter2' });
      expect(problems).toEqual([
        'JWT_SECRET (value hidden, 7 characters): expected at least 32 characters (256 bits for HS256), e.g. from `openssl rand -base64 48`',
      ]);
      expect(problems.join()).not.toContain('hunter2');
    });

    it('refuses the public development secret in production', () => {
      expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toEqual([
        `JWT_SECRET (value hidden, ${DEVELOPMENT_JWT_SECRET.length} characters): the public development secret cannot be used with NODE_ENV=production`,
      ]);
    });
  });

  describe('OpenID Connect (OIDC_*)', () => {
    const oidc = {
      OIDC_ISSUER_URL: 'https://sso.example.jp/realms/zaitaku/',
      OIDC_CLIENT_ID: 'zaitaku-console',
      OIDC_CLIENT_SECRET: 's3cret',
      OIDC_REDIRECT_URL: 'https://zaitaku.example.jp/session/oidc/callback',
    };

    it('reads the issuer, the client and the claim names with their defaults', () => {
      expect(loadConfig(oidc).oidc).toEqual({
        issuerUrl: 'https://sso.example.jp/realms/zaitaku',
        clientId: 'zaitaku-console',
        clientSecret: 's3cret',
        redirectUrl: 'https://zaitaku.example.jp/session/oidc/callback',
        audience: 'zaitaku-console',
        scope: 'openid profile',
        claims: { role: 'role', municipalityCode: 'municipalityCode', institutionId: 'institutionId' },
      });
      expect(
        loadConfig({ ...oidc, OIDC_ROLE_CLAIM: 'zaitaku.role', OIDC_AUDIENCE: 'zaitaku-api' }).oidc,
      ).toMatchObject({ audience: 'zaitaku-api', claims: { role: 'zaitaku.role' } });
      expect(loadConfig({}).oidc).toBeUndefined();
    });

    it('names what is missing or insecure', () => {
      expect(problemsOf({ OIDC_ISSUER_URL: 'http://sso.example.jp' })).toEqual([
        expect.stringMatching(/^OIDC_ISSUER_URL=.*https/),
        expect.stringMatching(/^OIDC_CLIENT_ID is not set/),
        expect.stringMatching(/^OIDC_REDIRECT_URL is not set/),
      ]);
      expect(problemsOf({ OIDC_CLIENT_ID: 'x' })).toEqual([
        expect.stringMatching(/^OIDC_CLIENT_ID set without OIDC_ISSUER_URL/),
      ]);
      expect(problemsOf({ ...oidc, OIDC_SCOPE: 'profile', OIDC_ROLE_CLAIM: 'a b' })).toHaveLength(2);
      expect(loadConfig({ ...oidc, OIDC_ISSUER_URL: 'http://127.0.0.1:4000' }).oidc?.issuerUrl).toBe(
        'http://127.0.0.1:4000',
      );
    });
  });
});
