import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import type { RuntimeConfig } from '#platform';
import { answerClientErrors } from './client-error-answer.ts';

/** Headers a browser may send and read across origins when CORS_ORIGINS allows the origin. */
const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key'];
const CORS_EXPOSED_HEADERS = ['Idempotent-Replayed', 'WWW-Authenticate', 'Content-Disposition'];

/**
 * What the HTTP layer adds to every answer, before the body parser and the routes (so unknown routes,
 * 413s and malformed JSON get it too). Called by createApiApp and by the e2e harnesses before init().
 *
 * - Security headers (Nest's built-in equivalent of helmet 8): Content-Security-Policy,
 *   X-Content-Type-Options: nosniff, X-Frame-Options: DENY and `frame-ancestors 'none'`,
 *   Referrer-Policy: no-referrer, HSTS, Cross-Origin-*-Policy; X-Powered-By removed.
 * - `Cache-Control: no-store` unless a route says otherwise (the public, immutable published lists).
 * - CORS: none by default (browsers refuse cross-origin calls); CORS_ORIGINS lists the allowed origins.
 * - Requests Node's parser refuses (headers over 16 KB) answered as `{ error, message }` as well.
 * - `text/csv` bodies (a fiscal year's rules as a table) arrive as a string, up to 1 MB.
 */
export function configureHttp(app: INestApplication, config: RuntimeConfig): void {
  answerClientErrors(app.getHttpServer() as Server);
  (app as NestExpressApplication).useBodyParser('text', { type: 'text/csv', limit: '1mb' });
  app.useSecurityHeaders({
    // Not framed by anyone; no upgrade-insecure-requests, so /docs also works over plain http locally.
    contentSecurityPolicy: { directives: { frameAncestors: ["'none'"], upgradeInsecureRequests: null } },
    xFrameOptions: { action: 'deny' },
  });
  app.use(
    (_request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void) => {
      response.setHeader('Cache-Control', 'no-store');
      next();
    },
  );
  const origins = config.corsOrigins ?? [];
  if (origins.length > 0) {
    app.enableCors({
      origin: [...origins],
      methods: ['GET', 'HEAD', 'POST'],
      allowedHeaders: CORS_REQUEST_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
}
