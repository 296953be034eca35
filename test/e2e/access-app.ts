import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SignJWT, type JWTPayload } from 'jose';
import type { RuntimeConfig } from '#platform';
import { AppModule } from '../../apps/api/src/app.module.ts';
import { configureHttp } from '../../apps/api/src/http/configure-http.ts';
import { signAccessToken, type TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import { testRuntimeConfig } from './runtime-config.ts';

/**
 * The real AppModule (its guards, pipe, interceptor and filters, on the test PostgreSQL) plus
 * controllers that exist only in a test file: the app ships no test routes.
 */
export async function appWith(
  controllers: Type[],
  config: RuntimeConfig = testRuntimeConfig(),
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
    controllers,
  }).compile();
  // Silent: the tests assert on responses, and some provoke 500s on purpose.
  const app = moduleRef.createNestApplication({ logger: false });
  configureHttp(app, config);
  await app.init();
  return app;
}

/** `Authorization` header value for a token signed with the test configuration's secret. */
export async function bearer(
  claims: TokenClaims,
  options: { ttlSeconds?: number; now?: Date } = {},
): Promise<string> {
  const token = await signAccessToken(
    claims,
    testRuntimeConfig().jwt.secret,
    options.ttlSeconds ?? 3600,
    options.now,
  );
  return `Bearer ${token}`;
}

/** A token with any payload at all (claims the token helper would refuse), HS256 with `secret`. */
export async function rawBearer(
  payload: JWTPayload,
  secret = testRuntimeConfig().jwt.secret,
): Promise<string> {
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
  return `Bearer ${token}`;
}
