import { ConfigError } from './config-error.ts';
import { redactUrl } from './redact-url.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
/** Nest's log levels, most severe first; a level enables itself and every level before it. */
export type LogLevel = (typeof LOG_LEVELS)[number];

export type EventStoreSetting =
  { readonly kind: 'postgresql' } | { readonly kind: 'kurrentdb'; readonly url: string };

/** How the api verifies Bearer tokens (HS256). */
export interface JwtSetting {
  readonly secret: string;
  /** True when JWT_SECRET is unset and the labelled development secret is used (never in production). */
  readonly isDevelopmentSecret: boolean;
}

/**
 * The HS256 secret used when JWT_SECRET is unset outside production, so that `npm start` and
 * `npm run token` work with nothing configured. Public, hence worthless: production refuses it.
 */
export const DEVELOPMENT_JWT_SECRET = 'zaitaku-DEVELOPMENT-ONLY-jwt-secret-never-use-in-production';
/** 256 bits, the HS256 key size (RFC 7518 §3.2), as characters. */
export const MIN_JWT_SECRET_LENGTH = 32;

export interface Config {
  /** Port of the api. */
  readonly port: number;
  /** PostgreSQL for the read models (and the event store with EVENT_STORE=postgresql); unset: embedded. */
  readonly databaseUrl: string | undefined;
  readonly eventStore: EventStoreSetting;
  readonly redisUrl: string;
  readonly logLevel: LogLevel;
  readonly jwt: JwtSetting;
  /** The key that signs audit log checkpoints (README, "Audit: tamper evidence"). */
  readonly audit?: AuditSetting;
  /** EVENT_STORE_LAG_THRESHOLD_SECONDS: readable-head lag that makes /health degraded (default 30). */
  readonly eventStoreLagThresholdSeconds?: number;
  /**
   * PROJECTION_LEASE_POLL_MS: how often a standby worker tries the projection leases it lacks, hence
   * about the longest a projection waits for a new worker when its worker dies (default 1000).
   */
  readonly projectionLeasePollMs?: number;
  /** EVENT_STORE_POOL_SIZE: connections of the PostgreSQL event store's pool (default 10). */
  readonly eventStorePoolSize?: number;
  /** READ_MODEL_POOL_SIZE: connections of the read models' pool, the queries' (default 10). */
  readonly readModelPoolSize?: number;
  /** NODE_ENV=production: no development hints in answers, required secrets (README, "Configuration"). */
  readonly production?: boolean;
  /**
   * CORS_ORIGINS: the browser origins (`https://host[:port]`) allowed to call the api cross-origin;
   * empty (the default): no cross-origin access at all.
   */
  readonly corsOrigins?: readonly string[];
  /** OIDC_*: the console's sign-in against an OpenID Connect issuer (docs/console/sign-in.md); unset: none. */
  readonly oidc?: OidcSetting;
}

/** The names of the claims that carry the Actor's role, municipality and institution (dots: nested). */
export interface OidcClaimNames {
  readonly role: string;
  readonly municipalityCode: string;
  readonly institutionId: string;
}

/**
 * The console signs in against this issuer (authorization code flow with PKCE, done by the api), and the
 * api accepts the issuer's RS256/ES256 tokens (verified with its JWKS) besides the HS256 ones.
 */
export interface OidcSetting {
  /** OIDC_ISSUER_URL: https (http only for a loopback host), e.g. https://sso.example.jp/realms/zaitaku. */
  readonly issuerUrl: string;
  readonly clientId: string;
  /** OIDC_CLIENT_SECRET: a confidential client's secret (client_secret_basic); unset: a public client. */
  readonly clientSecret?: string;
  /** OIDC_REDIRECT_URL: this api's GET /session/oidc/callback as the browser reaches it. */
  readonly redirectUrl: string;
  /** OIDC_AUDIENCE: the `aud` a Bearer token of the issuer must name; default: the client id. */
  readonly audience: string;
  /** OIDC_SCOPE: default "openid profile". */
  readonly scope: string;
  /** OIDC_ROLE_CLAIM, OIDC_MUNICIPALITY_CLAIM, OIDC_INSTITUTION_CLAIM. */
  readonly claims: OidcClaimNames;
}

export const DEFAULT_OIDC_CLAIMS: OidcClaimNames = {
  role: 'role',
  municipalityCode: 'municipalityCode',
  institutionId: 'institutionId',
};

export interface AuditSetting {
  /** AUDIT_SIGNING_KEY_FILE: an Ed25519 PKCS#8 PEM file; unset: a development key in .data. */
  readonly signingKeyFile?: string;
  /** With NODE_ENV=production the key file is required. */
  readonly signingKeyRequired: boolean;
  /** AUDIT_WITNESS_DIR: where every signed checkpoint is also appended; unset: .data/audit-witness. */
  readonly witnessDir?: string;
  /** AUDIT_CHECKPOINT_EVERY_SECONDS / _EVERY_EVENTS: the bound of the unsigned tail (defaults 60 / 1000). */
  readonly checkpointEverySeconds?: number;
  readonly checkpointEveryEvents?: number;
}

/** The configuration once a database is known: what the apps are built from. */
export interface RuntimeConfig extends Config {
  readonly databaseUrl: string;
  /** True when `databaseUrl` is the embedded PostgreSQL started for this process (development). */
  readonly embeddedDatabase: boolean;
  /**
   * The sandbox (`npm run demo`): the seeds' years on a virtual clock that admins move forward; the jobs
   * run for the days passed instead of on a real-time schedule. Never set with NODE_ENV=production.
   */
  readonly sandbox?: boolean;
}

export const CONFIG_DEFAULTS = {
  port: 3000,
  redisUrl: 'redis://127.0.0.1:6379',
  logLevel: 'log',
} as const satisfies Partial<Config>;

/** A pool size above PostgreSQL's default max_connections (100) cannot be served by one server anyway. */
export const MAX_POOL_SIZE = 100;

/** Every scheme the KurrentDB client parses (`esdb` is its deprecated name). */
const KURRENTDB_SCHEMES = ['kurrentdb', 'kurrent', 'kdb', 'esdb'].flatMap((s) => [s, `${s}+discover`]);

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the configuration from environment variables. Pure: no I/O, so every rule is unit-tested.
 * Throws one ConfigError naming every bad variable, its value (passwords hidden) and what was expected.
 */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const port = read.optional('PORT', CONFIG_DEFAULTS.port, (value) =>
    /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535
      ? valid(Number(value))
      : invalid('expected a whole number 1–65535'),
  );
  const databaseUrl = read.optional('DATABASE_URL', undefined, (value) =>
    urlWithScheme(
      value,
      ['postgres', 'postgresql'],
      'a PostgreSQL URL (postgres://user:password@host:5432/db)',
    ),
  );
  const kind = read.optional('EVENT_STORE', 'postgresql', (value) =>
    value === 'postgresql' || value === 'kurrentdb'
      ? valid(value)
      : invalid('expected "postgresql" or "kurrentdb"'),
  );
  let eventStore: EventStoreSetting = { kind: 'postgresql' };
  if (kind === 'kurrentdb') {
    const url = read.required(
      'KURRENTDB_URL',
      'required when EVENT_STORE=kurrentdb, e.g. kurrentdb://localhost:2113?tls=false',
      (value) =>
        urlWithScheme(
          value,
          KURRENTDB_SCHEMES,
          'a KurrentDB connection string (kurrentdb://, esdb:// or kdb://)',
        ),
    );
    if (url !== undefined) eventStore = { kind: 'kurrentdb', url };
  }
  const redisUrl = read.optional('REDIS_URL', CONFIG_DEFAULTS.redisUrl, (value) =>
    urlWithScheme(value, ['redis', 'rediss'], 'a Redis URL (redis://host:6379)'),
  );
  const logLevel = read.optional<LogLevel>('LOG_LEVEL', CONFIG_DEFAULTS.logLevel, (value) =>
    (LOG_LEVELS as readonly string[]).includes(value)
      ? valid(value as LogLevel)
      : invalid(`expected one of ${LOG_LEVELS.join(', ')}`),
  );

  const production = env.NODE_ENV?.trim() === 'production';
  const jwt = readJwtSetting(read, production);
  const corsOrigins = read.optional('CORS_ORIGINS', [], parseOrigins);
  const oidc = readOidcSetting(read, env);
  const lagThreshold = read.optional('EVENT_STORE_LAG_THRESHOLD_SECONDS', undefined, (value) =>
    /^\d+$/.test(value) && Number(value) >= 1
      ? valid(Number(value))
      : invalid('expected a whole number of seconds ≥ 1'),
  );

  const positive = (value: string): Parsed<number> =>
    /^[1-9][0-9]{0,8}$/.test(value) ? valid(Number(value)) : invalid('expected a positive whole number');
  const checkpointEverySeconds = read.optional('AUDIT_CHECKPOINT_EVERY_SECONDS', undefined, positive);
  const checkpointEveryEvents = read.optional('AUDIT_CHECKPOINT_EVERY_EVENTS', undefined, positive);
  const leasePollMs = read.optional('PROJECTION_LEASE_POLL_MS', undefined, positive);
  const poolSize = (value: string): Parsed<number> =>
    /^[1-9][0-9]{0,2}$/.test(value) && Number(value) <= MAX_POOL_SIZE
      ? valid(Number(value))
      : invalid(`expected a whole number of connections 1–${MAX_POOL_SIZE}`);
  const eventStorePoolSize = read.optional('EVENT_STORE_POOL_SIZE', undefined, poolSize);
  const readModelPoolSize = read.optional('READ_MODEL_POOL_SIZE', undefined, poolSize);

  if (problems.length > 0) throw new ConfigError(problems);
  const signingKeyFile = env.AUDIT_SIGNING_KEY_FILE?.trim() || undefined;
  const audit: AuditSetting = {
    signingKeyFile,
    signingKeyRequired: production,
    witnessDir: env.AUDIT_WITNESS_DIR?.trim() || undefined,
    checkpointEverySeconds,
    checkpointEveryEvents,
  };
  return {
    port,
    databaseUrl,
    eventStore,
    redisUrl,
    logLevel,
    jwt,
    audit,
    production,
    corsOrigins,
    ...(oidc === undefined ? {} : { oidc }),
    ...(lagThreshold === undefined ? {} : { eventStoreLagThresholdSeconds: lagThreshold }),
    ...(leasePollMs === undefined ? {} : { projectionLeasePollMs: leasePollMs }),
    ...(eventStorePoolSize === undefined ? {} : { eventStorePoolSize }),
    ...(readModelPoolSize === undefined ? {} : { readModelPoolSize }),
  };
}

/** A comma-separated list of origins, each exactly `http(s)://host[:port]` (no path, no wildcard). */
function parseOrigins(value: string): Parsed<readonly string[]> {
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  const bad = origins.filter((origin) => {
    try {
      const url = new URL(origin);
      return !['http:', 'https:'].includes(url.protocol) || url.origin !== origin;
    } catch {
      return true;
    }
  });
  return bad.length === 0
    ? valid(origins)
    : invalid(
        `expected comma-separated origins like https://portal.example.jp (scheme, host and port only); not ${bad.map((o) => JSON.stringify(o)).join(', ')}`,
      );
}

function readJwtSetting(read: EnvReader, production: boolean): JwtSetting {
  const parse = (value: string): Parsed<string> => {
    if (value.length < MIN_JWT_SECRET_LENGTH) {
      return invalid(
        `expected at least ${MIN_JWT_SECRET_LENGTH} characters (256 bits for HS256), e.g. from \`openssl rand -base64 48\``,
      );
    }
    if (production && value === DEVELOPMENT_JWT_SECRET) {
      return invalid('the public development secret cannot be used with NODE_ENV=production');
    }
    return valid(value);
  };
  if (production) {
    const secret = read.required(
      'JWT_SECRET',
      'required with NODE_ENV=production: the HS256 secret that signs and verifies Bearer tokens',
      parse,
      true,
    );
    return { secret: secret ?? '', isDevelopmentSecret: false };
  }
  const secret = read.optionalSecret('JWT_SECRET', parse);
  return secret === undefined
    ? { secret: DEVELOPMENT_JWT_SECRET, isDevelopmentSecret: true }
    : { secret, isDevelopmentSecret: false };
}

const OIDC_VARIABLES = [
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URL',
  'OIDC_AUDIENCE',
  'OIDC_SCOPE',
  'OIDC_ROLE_CLAIM',
  'OIDC_MUNICIPALITY_CLAIM',
  'OIDC_INSTITUTION_CLAIM',
] as const;

/** An https URL, or http for a loopback host (a test issuer, a console on this machine). */
function webUrl(value: string, what: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid(`expected ${what}: this is not a valid URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return valid(value);
  return invalid(`expected ${what} with https (http only for 127.0.0.1 or localhost)`);
}

function readOidcSetting(read: EnvReader, env: Env): OidcSetting | undefined {
  if (!env.OIDC_ISSUER_URL?.trim()) {
    const stray = OIDC_VARIABLES.filter((name) => env[name]?.trim());
    if (stray.length > 0) {
      read.problem(`${stray.join(', ')} set without OIDC_ISSUER_URL: set the issuer too, or unset them`);
    }
    return undefined;
  }
  const issuerUrl = read.optional('OIDC_ISSUER_URL', undefined, (value) =>
    webUrl(value.replace(/\/+$/, ''), 'the issuer URL, e.g. https://sso.example.jp/realms/zaitaku'),
  );
  const clientId = read.required('OIDC_CLIENT_ID', 'required with OIDC_ISSUER_URL: the client id', valid);
  const redirectUrl = read.required(
    'OIDC_REDIRECT_URL',
    'required with OIDC_ISSUER_URL: https://<console host>/session/oidc/callback',
    (value) => webUrl(value, 'the URL of GET /session/oidc/callback'),
  );
  const clientSecret = read.optionalSecret('OIDC_CLIENT_SECRET', valid);
  const claimName = (value: string): Parsed<string> =>
    /^[\w:-]+(\.[\w:-]+)*$/.test(value) ? valid(value) : invalid('expected a claim name (dots for nesting)');
  const claims: OidcClaimNames = {
    role: read.optional('OIDC_ROLE_CLAIM', DEFAULT_OIDC_CLAIMS.role, claimName),
    municipalityCode: read.optional(
      'OIDC_MUNICIPALITY_CLAIM',
      DEFAULT_OIDC_CLAIMS.municipalityCode,
      claimName,
    ),
    institutionId: read.optional('OIDC_INSTITUTION_CLAIM', DEFAULT_OIDC_CLAIMS.institutionId, claimName),
  };
  if (issuerUrl === undefined || clientId === undefined || redirectUrl === undefined) return undefined;
  return {
    issuerUrl: issuerUrl.replace(/\/+$/, ''),
    clientId,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    redirectUrl,
    audience: read.optional('OIDC_AUDIENCE', clientId, valid),
    scope: read.optional('OIDC_SCOPE', 'openid profile', (value) =>
      value.split(/\s+/).includes('openid') ? valid(value) : invalid('expected scopes including "openid"'),
    ),
    claims,
  };
}

/** The connection string of the event store: the database itself for the PostgreSQL adapter. */
export function eventStoreUrl(config: RuntimeConfig): string {
  return config.eventStore.kind === 'kurrentdb' ? config.eventStore.url : config.databaseUrl;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly expected: string };
const valid = <T>(value: T): Parsed<T> => ({ ok: true, value });
const invalid = (expected: string): Parsed<never> => ({ ok: false, expected });

/** Collects a problem per bad variable instead of stopping at the first one. */
class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  /**
   * An empty value counts as unset: `docker compose` and shells pass `VAR=` for a variable they
   * could not fill, and that should mean "use the default", not "invalid".
   * The result is only undefined when a problem was recorded or there is no default.
   */
  optional<T>(name: string, fallback: T, parse: (value: string) => Parsed<T>): T;
  optional<T>(name: string, fallback: undefined, parse: (value: string) => Parsed<T>): T | undefined;
  optional<T>(name: string, fallback: T | undefined, parse: (value: string) => Parsed<T>): T | undefined {
    const raw = this.env[name]?.trim();
    return raw ? this.parse(name, raw, parse) : fallback;
  }

  /** A problem that concerns several variables together. */
  problem(text: string): void {
    this.problems.push(text);
  }

  /** `secret`: a refused value is never echoed, only its length is named. */
  required<T>(
    name: string,
    whenMissing: string,
    parse: (value: string) => Parsed<T>,
    secret = false,
  ): T | undefined {
    const raw = this.env[name]?.trim();
    if (!raw) {
      this.problems.push(`${name} is not set: ${whenMissing}`);
      return undefined;
    }
    return this.parse(name, raw, parse, secret);
  }

  /** An optional secret: a refused value is never echoed, only its length is named. */
  optionalSecret(name: string, parse: (value: string) => Parsed<string>): string | undefined {
    const raw = this.env[name]?.trim();
    return raw ? this.parse(name, raw, parse, true) : undefined;
  }

  private parse<T>(
    name: string,
    raw: string,
    parse: (value: string) => Parsed<T>,
    secret = false,
  ): T | undefined {
    const result = parse(raw);
    if (result.ok) return result.value;
    const shown = secret ? ` (value hidden, ${raw.length} characters)` : `=${JSON.stringify(redactUrl(raw))}`;
    this.problems.push(`${name}${shown}: ${result.expected}`);
    return undefined;
  }
}

function urlWithScheme(value: string, schemes: readonly string[], expected: string): Parsed<string> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined || !schemes.includes(scheme)) return invalid(`expected ${expected}`);
  // KurrentDB strings may list several hosts (a:2113,b:2113), which WHATWG URL rejects: scheme only.
  if (schemes === KURRENTDB_SCHEMES) return valid(value);
  try {
    if (!new URL(value).hostname) return invalid(`expected ${expected}, with a host`);
  } catch {
    return invalid(`expected ${expected}: this is not a valid URL`);
  }
  return valid(value);
}

/** The levels Nest should print for LOG_LEVEL: that level and every more severe one. */
export function enabledLogLevels(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
